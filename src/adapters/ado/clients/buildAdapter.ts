import type { BuildChange, Pipeline, Run, Timeline } from "../../../core/model";
import type { BuildSource, RunQuery } from "../../../core/sources";
import type { BuildRestClient } from "azure-devops-extension-api/Build";
import { loadBuildClient } from "../apiClients";
import {
  BUILD_STATUS_QUERY,
  mapBuildChange,
  mapPipeline,
  mapResourceRefIds,
  mapRun,
  mapTimeline,
} from "../mappers";
import { chunk, distinct } from "../batching";
import {
  collectAllByContinuationToken,
  collectByContinuationToken,
  itemsOf,
  tokenPageOf,
} from "../paging";
import { byId, guarded, guardedList, type AdapterContext } from "./shared";

const DEFINITIONS_PAGE_SIZE = 500;
const BUILDS_PAGE_SIZE = 500;
const CHANGES_PAGE_SIZE = 500;
/** build/builds/{id}/workitems has no paging; ask for this many and say so if it fills up. */
const RUN_WORK_ITEMS_TOP = 5000;
/** Run ids per build/builds request (they travel in the URL). */
const RUN_IDS_PER_QUERY = 100;

/** Build `BuildQueryOrder` (§9). Builds are always asked for in a defined order. */
const QUERY_ORDER: Readonly<Record<NonNullable<RunQuery["order"]>, number>> = {
  finishTimeDescending: 3,
  queueTimeDescending: 4,
  queueTimeAscending: 5,
};

export class BuildAdapter implements BuildSource {
  private readonly build: () => Promise<BuildRestClient>;

  constructor(private readonly context: AdapterContext) {
    this.build = context.lazyClient(loadBuildClient, "build");
  }

  listPipelines(project: string): Promise<Pipeline[]> {
    const what = `build definitions of ${project}`;
    return guardedList(`list ${what}`, byId, async () => {
      const items = await collectAllByContinuationToken(
        async (token) =>
          tokenPageOf(
            await (
              await this.build()
            ).getDefinitions(
              project,
              undefined,
              undefined,
              undefined,
              undefined,
              DEFINITIONS_PAGE_SIZE,
              token,
              undefined,
              undefined,
              undefined,
              undefined,
              undefined,
              true, // includeAllProperties: process type (YAML or Classic) and repository
            ),
            what,
          ),
        what,
      );
      return items.map(mapPipeline);
    });
  }

  async listRuns(project: string, query: RunQuery = {}): Promise<Run[]> {
    if (query.ids !== undefined) {
      // One paged listing per batch of ids; the batches run one after another so `max` holds.
      const runs: Run[] = [];
      for (const batch of chunk(distinct(query.ids), RUN_IDS_PER_QUERY)) {
        const max = query.max === undefined ? undefined : query.max - runs.length;
        if (max !== undefined && max <= 0) break;
        runs.push(...(await this.listRunPages(project, { ...query, max }, batch)));
      }
      return runs;
    }
    return this.listRunPages(project, query, undefined);
  }

  private listRunPages(
    project: string,
    query: RunQuery,
    ids: number[] | undefined,
  ): Promise<Run[]> {
    const what = `runs of ${project}`;
    return guardedList(`list ${what}`, byId, async () => {
      const pageSize = Math.min(query.max ?? BUILDS_PAGE_SIZE, BUILDS_PAGE_SIZE);
      // Newest first by queue time: finish-time order would leave out runs still in progress.
      const order = QUERY_ORDER[query.order ?? "queueTimeDescending"];
      // A bounded read is what was asked for: more runs existing is not data cut, so no notice.
      const { items } = await collectByContinuationToken(
        async (token) =>
          tokenPageOf(
            await (
              await this.build()
            ).getBuilds(
              project,
              query.pipelineIds,
              undefined,
              undefined,
              query.minTime,
              undefined,
              undefined,
              undefined,
              query.status === undefined ? undefined : BUILD_STATUS_QUERY[query.status],
              undefined,
              undefined,
              undefined,
              pageSize,
              token,
              undefined,
              undefined,
              order,
              query.branch,
              ids,
              query.repositoryId,
              query.repositoryId ? "TfsGit" : undefined,
            ),
            what,
          ),
        what,
        query.max,
      );
      return items.map(mapRun);
    });
  }

  getRun(project: string, runId: number): Promise<Run> {
    return guarded(`get run ${runId}`, async () =>
      mapRun(await (await this.build()).getBuild(project, runId)),
    );
  }

  getTimeline(project: string, runId: number): Promise<Timeline> {
    return guarded(`get the timeline of run ${runId}`, async () =>
      mapTimeline(await (await this.build()).getBuildTimeline(project, runId), runId),
    );
  }

  getRunWorkItemIds(project: string, runId: number): Promise<number[]> {
    const what = `work items of run ${runId}`;
    return guarded(`list ${what}`, async () => {
      const refs = itemsOf(
        await (await this.build()).getBuildWorkItemsRefs(project, runId, RUN_WORK_ITEMS_TOP),
        what,
      );
      if (refs.length >= RUN_WORK_ITEMS_TOP) {
        this.context.warn(
          `${what}: the service returned its maximum of ${RUN_WORK_ITEMS_TOP}; this list cannot be paged and may be incomplete`,
        );
      }
      return mapResourceRefIds(refs, what);
    });
  }

  getRunChanges(project: string, runId: number): Promise<BuildChange[]> {
    const what = `changes of run ${runId}`;
    return guarded(`list ${what}`, async () => {
      const items = await collectAllByContinuationToken(
        async (token) =>
          tokenPageOf(
            await (await this.build()).getBuildChanges(project, runId, token, CHANGES_PAGE_SIZE),
            what,
          ),
        what,
      );
      return items.map(mapBuildChange);
    });
  }
}
