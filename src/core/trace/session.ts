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
  type ReleaseQuery,
  type Sources,
} from "../sources";
import { defaultTraceRules, type TraceRules } from "./graph";
import { TraceRecords, type TraceRecordsView } from "./records";
import {
  environmentsOf,
  parseIndex,
  recordOf,
  type DeploymentIndex,
} from "./deploymentIndex/deploymentIndex";
import {
  claimedRecords,
  contradictedReleases,
  reconcile,
  releaseListingFloor,
  releasePlan,
  runsNewerThan,
  verificationPlan,
} from "./deploymentIndex/verifyPlan";

interface Cached<T> {
  value: T;
  notAvailable: NotAvailable[];
}

export interface EnvironmentDeployments {
  environments: Environment[];
  records: DeploymentRecord[];
}

/** How the deployment index was used for a read (absent: it was not, everything was listed). */
export interface IndexUse {
  /** When the index's newest rows were read (ISO instant): its staleness. */
  asOf: string;
  /** False while the rows are the index's claims, not yet confirmed by the service. */
  verified: boolean;
  /** Claims the service contradicted, each said in words (dropped; the service's kept). */
  contradicted: string[];
}

export interface RunDeployments extends EnvironmentDeployments {
  index?: IndexUse;
}

/** The Classic releases that may concern some runs, and the index's claims the service denied. */
export interface RunReleases {
  releases: Release[];
  contradicted: string[];
}

/** Ids per `releaseIdFilter` request: the URL stays short. */
const RELEASE_IDS_PER_READ = 100;

/** Where a session finds the deployment index: its stored value and the project it is for. */
export interface IndexSource {
  projectId: string;
  read(): Promise<unknown>;
}

export class TraceSession {
  private readonly cache = new Map<string, Promise<Cached<unknown>>>();
  /** Keys whose read said something could not be read: the next load reads them again. */
  private readonly unread = new Set<string>();
  private indexSource?: IndexSource;
  /** The current load (see `newLoad`). */
  private load = 0;
  /** Deployment records read from the service for runs (the index's confirmed reads). */
  private readonly recordsRead = new Map<number, DeploymentRecord>();
  /** Where the queries of this folder keep what they read; views use `records`. */
  readonly recorder = new TraceRecords();
  /** Repository names by lower-case id, once the project's list has been read. */
  private readonly repositoryNames = new Map<string, string>();

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

  /**
   * One read per key and session for the queries of this folder (`memo`): a read that could not
   * be made is made again on the next load.
   */
  shared<T>(
    key: string,
    notAvailable: NotAvailable[],
    load: (notes: NotAvailable[]) => Promise<T>,
  ): Promise<T> {
    return this.memo(`shared|${key}`, notAvailable, load);
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
        const value = await load(notes);
        if (notes.length > 0) this.unread.add(key);
        return { value, notAvailable: notes };
      })();
      this.cache.set(key, entry);
    }
    const { value, notAvailable: notes } = await entry;
    notAvailable.push(...notes);
    return value;
  }

  /**
   * Starts a load: reads kept for one load (`inLoad`: the work item, its linked runs, timelines)
   * are made again, and so is any read of the session that could not be made. A form shows a work item in two steps (the index's rows, then confirmed),
   * which share one load; a refresh starts a new one.
   */
  newLoad(): void {
    this.load += 1;
    // A read that failed is not kept: a refresh, or the next work item, tries it again.
    for (const key of this.unread) this.cache.delete(key);
    this.unread.clear();
  }

  /** One read per key and load; its not-available notes are handed to every caller. */
  inLoad<T>(
    key: string,
    notAvailable: NotAvailable[],
    load: (notes: NotAvailable[]) => Promise<T>,
  ): Promise<T> {
    return this.memo(`load${this.load}|${key}`, notAvailable, load);
  }

  repositories(notAvailable: NotAvailable[]): Promise<Map<string, Repository>> {
    return this.memo("repositories", notAvailable, async (notes) => {
      const list = await attempt(
        notes,
        "repositories",
        () => this.sources.git.listRepositories(this.project),
        [],
      );
      for (const repository of list)
        this.repositoryNames.set(repository.id.toLowerCase(), repository.name);
      return new Map(list.map((repository) => [repository.id.toLowerCase(), repository]));
    });
  }

  /**
   * A repository as a sentence names it: by name when the session has read the project's list,
   * else without its id (an id means nothing to a reader). Reads nothing itself.
   */
  repositoryText(repositoryId: string): string {
    const name = this.repositoryNames.get(repositoryId.toLowerCase());
    return name ? `repository ${name}` : "a repository whose name was not read";
  }

  pipelines(notAvailable: NotAvailable[]): Promise<Pipeline[]> {
    return this.memo("pipelines", notAvailable, (notes) =>
      attempt(notes, "pipelines", () => this.sources.build.listPipelines(this.project), []),
    );
  }

  /** The project's environments, as the service lists them. */
  environmentList(notAvailable: NotAvailable[]): Promise<Environment[]> {
    return this.memo("environment-list", notAvailable, (notes) =>
      attempt(
        notes,
        "environments",
        () => this.sources.environments.listEnvironments(this.project),
        [],
      ),
    );
  }

  /** Every environment and all of its deployment records (paged to the end by the adapter). */
  environmentDeployments(notAvailable: NotAvailable[]): Promise<EnvironmentDeployments> {
    return this.memo("environments", notAvailable, async (notes) => {
      const environments = await this.environmentList(notes);
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

  /**
   * Take deployments from the project's deployment index where it helps (the work item form):
   * its rows say where to look, and only those environments are read, down to what is asked.
   */
  useDeploymentIndex(source: IndexSource): this {
    this.indexSource = source;
    return this;
  }

  /** The stored index, read once per session; none, unreadable or untrusted: undefined. */
  deploymentIndex(): Promise<DeploymentIndex | undefined> {
    const source = this.indexSource;
    if (!source) return Promise.resolve(undefined);
    return this.memo("deployment-index", [], async () => {
      // A cache only: one that cannot be read (no extension data service, no permission, a
      // failed request) is no index, and every environment is listed as without one. Nothing
      // shown is missing for it, so it is no "not available" either.
      const stored = await source.read().catch(() => undefined);
      return parseIndex(stored, source.projectId, Date.now());
    });
  }

  /**
   * The first reads a work item's deployments need, started early: the index and the environment
   * list, or (with no index) every environment's records, so they run beside the work item's own
   * reads.
   */
  async prefetchDeployments(notAvailable: NotAvailable[]): Promise<void> {
    const index = await this.deploymentIndex();
    // Classic releases are not awaited here: their callers take them (and their notes) later.
    const releases = index?.releases
      ? this.newerReleases(releaseListingFloor(index.releases), [])
      : this.releases([]);
    void releases.catch(() => undefined);
    // With an index, the environment list (names for confirming its rows) is all that is needed.
    if (index) await this.environmentList(notAvailable);
    else await this.environmentDeployments(notAvailable);
  }

  /**
   * The deployment records that may concern these runs. With no index: every environment's,
   * listed. With one, `provisional`: the index's claims as they are (to be labelled). Otherwise
   * the environments its plan names, read from the service down to what the plan asks: only
   * those records are returned, and each claim they contradict is said.
   */
  async deploymentsOfRuns(
    runs: readonly Run[],
    notAvailable: NotAvailable[],
    provisional = false,
  ): Promise<RunDeployments> {
    const index = await this.deploymentIndex();
    if (!index) return this.environmentDeployments(notAvailable);
    const claims = claimedRecords(index, runs);
    if (provisional) {
      const use = { asOf: index.asOf, verified: false, contradicted: [] };
      return { environments: environmentsOf(index), records: claims, index: use };
    }
    const listNotes: NotAvailable[] = [];
    const listed = await this.environmentList(listNotes);
    notAvailable.push(...listNotes);
    // Without the service's list, the index's environments are read, named by id (the index's
    // names are not the service's): a claim is still judged by the records themselves.
    const environments =
      listNotes.length > 0
        ? environmentsOf(index).map(({ id }) => ({ id, name: `environment ${id}` }))
        : listed;
    const reads = await this.readPlanned(index, runs, environments, notAvailable);
    const names = new Map(environments.map((environment) => [environment.id, environment.name]));
    const { records, contradicted } = reconcile(
      claims,
      reads,
      (id) => names.get(id) ?? `environment ${id}`,
    );
    for (const record of records) this.recordsRead.set(record.id, record);
    return {
      environments,
      records,
      index: { asOf: index.asOf, verified: true, contradicted },
    };
  }

  /** Each environment the plan names, read down to its stop (once per stop and session). */
  private async readPlanned(
    index: DeploymentIndex,
    runs: readonly Run[],
    environments: Environment[],
    notAvailable: NotAvailable[],
  ): Promise<Map<number, DeploymentRecord[]>> {
    const names = new Map(environments.map((environment) => [environment.id, environment.name]));
    const reads = new Map<number, DeploymentRecord[]>();
    const readEach = (plan: [number, number | undefined][]) =>
      Promise.all(
        plan.map(async ([environmentId, stop]) => {
          const records = await this.recordsDownTo(environmentId, stop, names, notAvailable);
          if (records) reads.set(environmentId, records);
        }),
      );
    const listed = [...names.keys()];
    // The claims are read at once; a run newer than the index may have deployed anywhere, and its
    // timeline (the form reads an unfinished run's anyway) says whether a deployment job was
    // queued since: the environments that adds are read once it is known.
    const claimsPlan = verificationPlan(index, runs, { listed, asOfIndex: true });
    const timelines = new Map<number, Timeline>();
    await Promise.all([
      readEach([...claimsPlan]),
      ...runsNewerThan(index, runs).map(async (run) => {
        // Not read: the run counts as newer (every environment is read), so nothing is missing.
        const timeline = await this.runTimeline(run.id, []);
        if (timeline) timelines.set(run.id, timeline);
      }),
    ]);
    const fullPlan = verificationPlan(index, runs, { listed, timelines });
    // An environment already read down to a claim holds everything above it too.
    const covered = (environmentId: number, stop: number | undefined) => {
      if (!claimsPlan.has(environmentId)) return false;
      const read = claimsPlan.get(environmentId);
      return read === undefined || (stop !== undefined && read <= stop);
    };
    await readEach([...fullPlan].filter(([id, stop]) => !covered(id, stop)));
    // Record ids only grow: an environment whose newest record is below the index's watermark
    // has been misdescribed (or lost records); it is read to its end instead.
    const misdescribed = index.environments.filter((environment) => {
      const read = reads.get(environment.id);
      if (!read || !names.has(environment.id)) return false;
      return Math.max(0, ...read.map((record) => record.id)) < environment.watermark;
    });
    await readEach(misdescribed.map((environment) => [environment.id, undefined]));
    return reads;
  }

  /** One environment's records down to `stop` (to the end: undefined), once per session. */
  private async recordsDownTo(
    environmentId: number,
    stop: number | undefined,
    names: ReadonlyMap<number, string>,
    notAvailable: NotAvailable[],
  ): Promise<DeploymentRecord[] | undefined> {
    const name = names.get(environmentId);
    // No longer among the project's environments: nothing there to confirm a claim.
    if (name === undefined) return [];
    return this.memo(`records|${environmentId}|${stop ?? "all"}`, notAvailable, (notes) =>
      attempt(
        notes,
        `deployment records of environment ${name}`,
        () =>
          this.sources.environments.listDeploymentRecords(
            this.project,
            environmentId,
            stop === undefined ? undefined : { downToId: stop },
          ),
        undefined as DeploymentRecord[] | undefined,
      ),
    );
  }

  /**
   * With the index: where a pipeline's `stages` (identifiers) deploy, for those the records read
   * so far do not name (a pending stage the work item has not reached). A full read names them
   * from any earlier deployment; here the index's newest row of each stage is read back from the
   * service (its environment, down to that row), so only the service's records name them.
   */
  async confirmStageEnvironments(
    pipelineId: number,
    stages: readonly string[],
    notAvailable: NotAvailable[],
  ): Promise<void> {
    const index = await this.deploymentIndex();
    if (!index || stages.length === 0) return;
    const named = new Set(
      [...this.recordsRead.values()]
        .filter((record) => record.pipeline.id === pipelineId)
        .map((record) => record.stageName.toLowerCase()),
    );
    const wanted = new Set(
      stages.map((stage) => stage.toLowerCase()).filter((stage) => !named.has(stage)),
    );
    // Per stage wanted, its newest row; per environment, the lowest of those (one read each).
    const newest = new Map<string, { environmentId: number; id: number }>();
    for (const [id, environmentId, rowPipeline, , , stageName] of index.rows) {
      const stage = stageName.toLowerCase();
      if (rowPipeline !== pipelineId || !wanted.has(stage)) continue;
      if ((newest.get(stage)?.id ?? -1) < id) newest.set(stage, { environmentId, id });
    }
    if (newest.size === 0) return;
    const stops = new Map<number, number>();
    for (const { environmentId, id } of newest.values())
      stops.set(environmentId, Math.min(stops.get(environmentId) ?? id, id));
    const listed = await this.environmentList(notAvailable);
    const names = new Map(listed.map((environment) => [environment.id, environment.name]));
    await Promise.all(
      [...stops].map(async ([environmentId, stop]) => {
        const read = await this.recordsDownTo(environmentId, stop, names, notAvailable);
        for (const record of read ?? []) this.recordsRead.set(record.id, record);
      }),
    );
  }

  /**
   * The deployments known so far, for naming the environment of a stage: with the index, what
   * was read from the service in this session (or the index's claims, `provisional`); without,
   * every environment's records.
   */
  async knownDeployments(
    notAvailable: NotAvailable[],
    provisional = false,
  ): Promise<EnvironmentDeployments> {
    const index = await this.deploymentIndex();
    if (!index) return this.environmentDeployments(notAvailable);
    if (provisional)
      return {
        environments: environmentsOf(index),
        records: index.rows.map((row) => recordOf(row, index.pipelines)),
      };
    return {
      environments: await this.environmentList(notAvailable),
      records: [...this.recordsRead.values()],
    };
  }

  /**
   * The Classic releases that may concern these runs and the releases `linked` (the work item's
   * own links). With the index's releases: those it names, read by id (their environments'
   * states are always the service's), and every release newer than it; each claim the service
   * denies is said. Without (or where the index was cut above a run): every release, listed.
   */
  async releasesOfRuns(
    runs: readonly Run[],
    linked: readonly number[],
    notAvailable: NotAvailable[],
  ): Promise<RunReleases> {
    const index = await this.deploymentIndex();
    const plan = index && releasePlan(index, runs, linked);
    if (!index || !plan) return { releases: await this.releases(notAvailable), contradicted: [] };
    const chunks: number[][] = [];
    for (let at = 0; at < plan.claimed.length; at += RELEASE_IDS_PER_READ)
      chunks.push(plan.claimed.slice(at, at + RELEASE_IDS_PER_READ));
    const [newer, ...claimed] = await Promise.all([
      this.newerReleases(plan.downToId, notAvailable),
      ...chunks.map((ids) => this.releasesRead(ids.join(","), { releaseIds: ids }, notAvailable)),
    ]);
    // The listing stops at a release the index names: one the service lacks (the index was
    // altered, or the release deleted) leaves the newest releases unknown, so all are listed.
    const floorRow = index.releases?.rows.some((row) => row[0] === plan.downToId);
    if (newer && floorRow && !newer.some((release) => release.id === plan.downToId))
      return { releases: await this.releases(notAvailable), contradicted: [] };
    const byId = new Map<number, Release>();
    for (const release of [...(newer ?? []), ...claimed.flatMap((list) => list ?? [])])
      byId.set(release.id, release);
    const releases = [...byId.values()];
    // A claim is judged only when every read was made (one listing may hold the claims).
    const judged = newer !== undefined && claimed.every((list) => list !== undefined);
    return {
      releases,
      contradicted: judged ? contradictedReleases(index, releases, runs, linked) : [],
    };
  }

  /** Every Classic release from `downToId` up (the newest, and those made since the index). */
  private newerReleases(
    downToId: number,
    notAvailable: NotAvailable[],
  ): Promise<Release[] | undefined> {
    return this.releasesRead(`from ${downToId}`, { downToId }, notAvailable);
  }

  /**
   * One releases query, once per session like the full list (a form's refresh reads the work
   * item, its PRs and runs again, not the deployments); undefined: it failed.
   */
  private releasesRead(
    key: string,
    query: ReleaseQuery,
    notAvailable: NotAvailable[],
  ): Promise<Release[] | undefined> {
    return this.memo(`releases|${key}`, notAvailable, (notes) =>
      attempt(
        notes,
        "Classic releases",
        () => this.sources.release.listReleases(this.project, query),
        undefined as Release[] | undefined,
      ),
    );
  }

  /** A run's timeline, read once per load (the form's pending stages share it). */
  async runTimeline(runId: number, notAvailable: NotAvailable[]): Promise<Timeline | undefined> {
    const [timeline] = await this.inLoad(`timeline|${runId}`, notAvailable, (notes) =>
      attempt(
        notes,
        `timeline of run ${runId}`,
        async () => [await this.sources.build.getTimeline(this.project, runId)],
        [] as Timeline[],
      ),
    );
    return timeline;
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
