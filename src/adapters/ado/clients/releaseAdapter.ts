import type {
  Release,
  ReleaseApproval,
  ReleaseDefinition,
  ReleaseEnvironmentStatus,
} from "../../../core/model";
import type { ReleaseQuery, ReleaseSource } from "../../../core/sources";
import type { ReleaseRestClient } from "azure-devops-extension-api/Release";
import { type RawRestClient, loadReleaseClient } from "../apiClients";
import {
  ENVIRONMENT_STATUS,
  mapResourceRefIds,
  mapRelease,
  mapReleaseApproval,
  mapReleaseDefinition,
  RELEASE_APPROVAL_STATUS_QUERY,
} from "../mappers";
import {
  collectAllByContinuationToken,
  collectByIdContinuation,
  itemsOf,
  tokenPageOf,
} from "../paging";
import { byId, guarded, guardedList, rawTokenPage, type AdapterContext } from "./shared";

/** ReleaseDefinitionExpands Environments (2) | Artifacts (4). */
const DEFINITION_EXPAND = 2 | 4;
/** ReleaseExpands Environments (2) | Artifacts (4) | Approvals (8). */
const RELEASE_EXPAND = 2 | 4 | 8;
/** ApprovalFilters ManualApprovals (1) | AutomatedApprovals (2). */
const APPROVAL_FILTERS = 1 | 2;
/** ApprovalType All (3): pre- and post-deployment. */
const APPROVAL_TYPE_ALL = 3;
/** ReleaseQueryOrder Descending (0). */
const NEWEST_FIRST = 0;
/** Gate sampling records kept per gates step in getRelease (the newest are what matter). */
const TOP_GATE_RECORDS = 10;
const PAGE_SIZE = 100;
/** Release/releases/{id}/workitems has no paging; ask for this many and say so if it fills up. */
const RELEASE_WORK_ITEMS_TOP = 5000;

/** EnvironmentStatus names as the combined flags integer `environmentStatusFilter` takes. */
function environmentStatusFlags(
  statuses: ReleaseEnvironmentStatus[] | undefined,
): number | undefined {
  if (!statuses || statuses.length === 0) return undefined;
  const flagOf = new Map(Object.entries(ENVIRONMENT_STATUS).map(([flag, name]) => [name, +flag]));
  return statuses.reduce((flags, status) => flags | (flagOf.get(status) ?? 0), 0);
}

export class ReleaseAdapter implements ReleaseSource {
  private readonly release: () => Promise<ReleaseRestClient>;
  private readonly raw: RawRestClient;

  constructor(private readonly context: AdapterContext) {
    this.release = context.lazyClient(loadReleaseClient, "release", "release");
    this.raw = context.raw("release", "numbers", "release");
  }

  listReleaseDefinitions(project: string): Promise<ReleaseDefinition[]> {
    const what = `release definitions of ${project}`;
    return guardedList(`list ${what}`, byId, async () => {
      const items = await collectAllByContinuationToken(
        async (token) =>
          tokenPageOf(
            await (
              await this.release()
            ).getReleaseDefinitions(
              project,
              undefined,
              DEFINITION_EXPAND,
              undefined,
              undefined,
              PAGE_SIZE,
              token,
            ),
            what,
          ),
        what,
      );
      return items.map(mapReleaseDefinition);
    });
  }

  /** Releases newest first, paged by the last release id (integer continuation). */
  listReleases(project: string, query: ReleaseQuery = {}): Promise<Release[]> {
    const what = `releases of ${project}`;
    const artifact = query.buildArtifact;
    return guarded(`list ${what}`, async () => {
      // A bounded read is what was asked for: more releases existing is not data cut, so no notice.
      const { items } = await collectByIdContinuation(
        // getReleases drops the response headers, and the next-page id in
        // x-ms-continuationtoken is what tells a page cut short from the last page; so the
        // same route and query are requested directly.
        (continuationToken, top) =>
          rawTokenPage(
            this.raw,
            {
              routeTemplate: "{project}/_apis/Release/releases",
              apiVersion: "7.2-preview.9",
              routeValues: { project },
              queryParams: {
                definitionId: query.definitionId,
                queryOrder: NEWEST_FIRST,
                $top: top,
                continuationToken,
                $expand: RELEASE_EXPAND,
                artifactTypeId: artifact ? "Build" : undefined,
                sourceId: artifact
                  ? `${artifact.projectId}:${artifact.buildDefinitionId}`
                  : undefined,
                artifactVersionId: artifact ? String(artifact.buildId) : undefined,
                environmentStatusFilter: environmentStatusFlags(query.environmentStatuses),
                releaseIdFilter: query.releaseIds?.join(","),
              },
            },
            what,
          ),
        (item) => Number((item as { id?: unknown }).id),
        what,
        {
          pageSize: query.max === undefined ? PAGE_SIZE : Math.min(query.max, PAGE_SIZE),
          limit: query.max,
          downToId: query.downToId,
        },
      );
      const releases = items.map(mapRelease);
      const { downToId } = query;
      return downToId === undefined
        ? releases
        : releases.filter((release) => release.id >= downToId);
    });
  }

  getRelease(project: string, releaseId: number): Promise<Release> {
    return guarded(`get release ${releaseId}`, async () =>
      mapRelease(
        await (
          await this.release()
        ).getRelease(project, releaseId, APPROVAL_FILTERS, undefined, undefined, TOP_GATE_RECORDS),
      ),
    );
  }

  listReleaseApprovals(project: string, status: "pending" | "all"): Promise<ReleaseApproval[]> {
    const what = `release approvals of ${project}`;
    return guarded(`list ${what}`, async () => {
      // statusFilter takes one status (default pending), so "all" is one listing per status.
      const statuses =
        status === "pending"
          ? [RELEASE_APPROVAL_STATUS_QUERY.pending]
          : Object.values(RELEASE_APPROVAL_STATUS_QUERY);
      const lists = await Promise.all(
        statuses.map((statusFilter) =>
          collectAllByContinuationToken(
            async (token) =>
              tokenPageOf(
                await (
                  await this.release()
                ).getApprovals(
                  project,
                  undefined,
                  statusFilter,
                  undefined,
                  APPROVAL_TYPE_ALL,
                  PAGE_SIZE,
                  // The header token is an integer in text form; passed through as the service gave it.
                  token === undefined ? undefined : (token as unknown as number),
                ),
                what,
              ),
            what,
          ),
        ),
      );
      const byId = new Map<number, ReleaseApproval>();
      for (const approval of lists.flat().map(mapReleaseApproval)) byId.set(approval.id, approval);
      return [...byId.values()];
    });
  }

  getReleaseWorkItemIds(project: string, releaseId: number): Promise<number[]> {
    const what = `work items of release ${releaseId}`;
    return guarded(`list ${what}`, async () => {
      const refs = itemsOf(
        await this.raw.request<unknown>({
          routeTemplate: "{project}/_apis/Release/releases/{releaseId}/workitems",
          apiVersion: "7.2-preview.1",
          routeValues: { project, releaseId },
          queryParams: { $top: RELEASE_WORK_ITEMS_TOP },
        }),
        what,
      );
      if (refs.length >= RELEASE_WORK_ITEMS_TOP) {
        this.context.warn(
          `${what}: the service returned its maximum of ${RELEASE_WORK_ITEMS_TOP}; this list cannot be paged and may be incomplete`,
        );
      }
      return mapResourceRefIds(refs, what);
    });
  }
}
