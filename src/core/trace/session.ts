/**
 * Reads shared by the traceability queries, cached for one session (a CLI run, a work item form
 * that stays open across work items): the repositories, environments with their deployment
 * records, Classic releases, and the runs of one pipeline on one branch. The session also keeps
 * the work items, PRs, runs, timelines, run changes and commits the queries read (`records`).
 */
import type {
  BuildChange,
  DeploymentRecord,
  Environment,
  Pipeline,
  Release,
  Repository,
  Run,
  Timeline,
} from "../model";
import type { Baseline } from "../compliance/baseline/types";
import { isBaselineProblem } from "../compliance/baseline/validate";
import {
  attempt,
  isSourceError,
  notAvailableOf,
  type NotAvailable,
  type Sources,
} from "../sources";
import { defaultTraceRules, type TraceRules } from "./graph";
import { TraceRecords, type TraceRecordsView } from "./records";

interface Cached<T> {
  value: T;
  notAvailable: NotAvailable[];
}

export interface EnvironmentDeployments {
  environments: Environment[];
  records: DeploymentRecord[];
}

export class TraceSession {
  private readonly cache = new Map<string, Promise<Cached<unknown>>>();
  /** Where the queries of this folder keep what they read; views use `records`. */
  readonly recorder = new TraceRecords();

  constructor(
    readonly sources: Sources,
    readonly project: string,
    readonly rules: TraceRules = defaultTraceRules,
    /**
     * The baseline whose gap rules, severities and exceptions apply, or how to read it (once, when
     * gaps are first needed); absent: every gap rule on at its own severity.
     */
    private readonly baseline?: Baseline | (() => Promise<Baseline>),
  ) {}

  /**
   * The gap baseline, read once per session. A baseline that cannot be read or is not valid is
   * noted as not available and every gap rule applies; any other error is a bug and is thrown.
   */
  gapBaseline(notAvailable: NotAvailable[]): Promise<Baseline | undefined> {
    const read = this.baseline;
    if (typeof read !== "function") return Promise.resolve(read);
    const what = "baseline for gap rules (every gap rule applies, with no exceptions)";
    return this.memo("gap-baseline", notAvailable, async (notes) => {
      try {
        return await read();
      } catch (error) {
        if (isSourceError(error)) notes.push(notAvailableOf(what, error));
        else if (isBaselineProblem(error))
          notes.push({ what, kind: "malformed", reason: (error as Error).message });
        else throw error;
        return undefined;
      }
    });
  }

  /** What the queries read in this session, latest answer per id. */
  get records(): TraceRecordsView {
    return this.recorder;
  }

  /** One read per key and session; its not-available notes are handed to every caller. */
  private async memo<T>(
    key: string,
    notAvailable: NotAvailable[],
    load: (notes: NotAvailable[]) => Promise<T>,
  ): Promise<T> {
    let entry = this.cache.get(key) as Promise<Cached<T>> | undefined;
    if (!entry) {
      entry = (async () => {
        const notes: NotAvailable[] = [];
        return { value: await load(notes), notAvailable: notes };
      })();
      this.cache.set(key, entry);
    }
    const { value, notAvailable: notes } = await entry;
    notAvailable.push(...notes);
    return value;
  }

  repositories(notAvailable: NotAvailable[]): Promise<Map<string, Repository>> {
    return this.memo("repositories", notAvailable, async (notes) => {
      const list = await attempt(
        notes,
        "repositories",
        () => this.sources.git.listRepositories(this.project),
        [],
      );
      return new Map(list.map((repository) => [repository.id.toLowerCase(), repository]));
    });
  }

  pipelines(notAvailable: NotAvailable[]): Promise<Pipeline[]> {
    return this.memo("pipelines", notAvailable, (notes) =>
      attempt(notes, "pipelines", () => this.sources.build.listPipelines(this.project), []),
    );
  }

  /** Every environment and all of its deployment records (paged to the end by the adapter). */
  environmentDeployments(notAvailable: NotAvailable[]): Promise<EnvironmentDeployments> {
    return this.memo("environments", notAvailable, async (notes) => {
      const environments = await attempt(
        notes,
        "environments",
        () => this.sources.environments.listEnvironments(this.project),
        [],
      );
      const lists = await Promise.all(
        environments.map((environment) =>
          attempt(
            notes,
            `deployment records of environment ${environment.name}`,
            () => this.sources.environments.listDeploymentRecords(this.project, environment.id),
            [],
          ),
        ),
      );
      return { environments, records: lists.flat() };
    });
  }

  releases(notAvailable: NotAvailable[]): Promise<Release[]> {
    return this.memo("releases", notAvailable, (notes) =>
      attempt(notes, "Classic releases", () => this.sources.release.listReleases(this.project), []),
    );
  }

  /**
   * A pipeline's stages by identifier (lower case) → display name, from one of its runs'
   * timelines: the given one when already read, else the run's timeline is read (once per
   * pipeline and session). Deployment records name a stage by its identifier only.
   */
  stageNames(
    pipelineId: number,
    source: { runId: number; timeline?: Timeline },
    notAvailable: NotAvailable[],
  ): Promise<Map<string, string>> {
    return this.memo(`stages|${pipelineId}`, notAvailable, async (notes) => {
      const timeline =
        source.timeline ??
        (await attempt(
          notes,
          `stage names of run ${source.runId}`,
          async () =>
            this.recorder.keepTimeline(
              await this.sources.build.getTimeline(this.project, source.runId),
            ),
          undefined,
        ));
      return new Map(
        (timeline?.records ?? [])
          .filter((record) => record.type === "Stage" && record.identifier)
          .map((record) => [(record.identifier as string).toLowerCase(), record.name]),
      );
    });
  }

  /** Every run of one pipeline on one branch. */
  runsOf(pipelineId: number, branch: string, notAvailable: NotAvailable[]): Promise<Run[]> {
    return this.memo(`runs|${pipelineId}|${branch.toLowerCase()}`, notAvailable, (notes) =>
      attempt(
        notes,
        `runs of pipeline ${pipelineId} on ${branch}`,
        async () =>
          this.recorder.keepRuns(
            await this.sources.build.listRuns(this.project, { pipelineIds: [pipelineId], branch }),
          ),
        [],
      ),
    );
  }

  /**
   * The changes (commits) of one run, read once per run and session; kept again on every call so
   * that `records.readSince` counts them for each query that uses them.
   */
  async runChanges(runId: number, notAvailable: NotAvailable[]): Promise<BuildChange[]> {
    const changes = await this.memo(`changes|${runId}`, notAvailable, (notes) =>
      attempt(
        notes,
        `changes of run ${runId}`,
        () => this.sources.build.getRunChanges(this.project, runId),
        [],
      ),
    );
    return this.recorder.keepRunChanges(runId, changes);
  }
}
