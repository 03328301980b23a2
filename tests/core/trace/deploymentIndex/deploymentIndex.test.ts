import type { DeploymentRecord, Environment, Run } from "../../../../src/core/model";
import { refreshIndex } from "../../../../src/core/trace/deploymentIndex/refreshIndex";
import { createFakeSources } from "../../../fakes/sources";
import { memoryVersionedStore } from "../../../fakes/memoryVersionedStore";
import { TraceSession } from "../../../../src/core/trace/session";
import { SERVICE_DOCUMENT_LIMIT_BYTES } from "../../../../src/core/compliance/scoreHistory";
import {
  documentBytes,
  MAX_NAME_LENGTH,
  MAX_ROWS,
  MAX_ROWS_PER_ENVIRONMENT,
  parseIndex,
  recordOf,
  rowOf,
  type DeploymentIndex,
} from "../../../../src/core/trace/deploymentIndex/deploymentIndex";
import { mergeIndex, refreshStops } from "../../../../src/core/trace/deploymentIndex/mergeIndex";
import {
  claimedRecords,
  mayHaveDeployedSince,
  reconcile,
  verificationPlan,
} from "../../../../src/core/trace/deploymentIndex/verifyPlan";

const PROJECT = "p-1";
const at = (minutes: number) => new Date(Date.UTC(2026, 3, 1, 10, minutes));

function record(
  id: number,
  environmentId: number,
  runId: number,
  overrides: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return {
    id,
    environmentId,
    pipeline: { id: 7, name: "web-app-ci-cd" },
    run: { id: runId, name: `2026.${runId}` },
    stageName: `Deploy${environmentId}`,
    result: "succeeded",
    queueTime: at(id),
    startTime: at(id),
    finishTime: at(id + 1),
    ...overrides,
  };
}

function run(id: number, overrides: Partial<Run> = {}): Run {
  return {
    id,
    number: `2026.${id}`,
    pipeline: { id: 7, name: "web-app-ci-cd" },
    status: "completed",
    result: "succeeded",
    sourceBranch: "refs/heads/main",
    sourceVersion: "abc",
    queueTime: at(id),
    finishTime: at(id + 1),
    uri: `vstfs:///Build/Build/${id}`,
    ...overrides,
  };
}

const environments: Environment[] = [
  { id: 1, name: "dev" },
  { id: 2, name: "prod" },
];

function fullIndex(records: DeploymentRecord[], minutes = 30): DeploymentIndex {
  return mergeIndex(undefined, {
    projectId: PROJECT,
    at: at(minutes),
    environments,
    reads: environments.map((environment) => ({
      environmentId: environment.id,
      records: records.filter((item) => item.environmentId === environment.id),
    })),
  });
}

describe("deployment index model", () => {
  test("a row stands for its record, and the stored document parses back", () => {
    const original = record(5, 2, 100, { result: undefined, finishTime: undefined });
    const index = fullIndex([original, record(4, 1, 100)]);
    expect(recordOf(rowOf(original), index.pipelines)).toEqual({
      ...original,
      finishTime: undefined,
    });
    expect(parseIndex(JSON.parse(JSON.stringify(index)), PROJECT)).toEqual(index);
  });

  test("another project's index, another schema or a tampered part is no index", () => {
    const index = fullIndex([record(4, 1, 100)]);
    const copy = () => JSON.parse(JSON.stringify(index)) as DeploymentIndex;
    expect(parseIndex(index, "p-2")).toBeUndefined();
    expect(parseIndex({ ...copy(), schemaVersion: 1 }, PROJECT)).toBeUndefined();
    expect(parseIndex({ ...copy(), asOf: "yesterday" }, PROJECT)).toBeUndefined();
    // Dated in the future, every run would look older than it and nothing newer would be read.
    const written = Date.parse(index.asOf);
    expect(parseIndex(copy(), PROJECT, written - 10 * 60_000)).toBeUndefined();
    expect(parseIndex(copy(), PROJECT, written - 60_000)).toBeDefined();
    const noPipelines = copy() as unknown as { environments: Record<string, unknown>[] };
    delete noPipelines.environments[0].pipelines;
    expect(parseIndex(noPipelines, PROJECT)).toBeUndefined();
    const badResult = copy();
    (badResult.rows[0] as unknown[])[6] = "<img src=x onerror=alert(1)>";
    expect(parseIndex(badResult, PROJECT)).toBeUndefined();
    const unknownEnvironment = copy();
    unknownEnvironment.rows[0][1] = 99;
    expect(parseIndex(unknownEnvironment, PROJECT)).toBeUndefined();
    const longName = copy();
    longName.rows[0][4] = "x".repeat(MAX_NAME_LENGTH + 1);
    expect(parseIndex(longName, PROJECT)).toBeUndefined();
    expect(parseIndex(null, PROJECT)).toBeUndefined();
    expect(parseIndex([], PROJECT)).toBeUndefined();
  });

  test("a full index of long names stays far below the service's document limit", () => {
    // The large demo has 40 environments; a full index of the longest rows allowed.
    const many: Environment[] = Array.from({ length: 60 }, (_, i) => ({
      id: i + 1,
      name: `environment-${i}`.padEnd(MAX_NAME_LENGTH, "e"),
    }));
    const long = "n".repeat(MAX_NAME_LENGTH);
    const records = many.flatMap((environment) =>
      Array.from({ length: MAX_ROWS_PER_ENVIRONMENT + 10 }, (_, i) =>
        record(environment.id * 10_000 + i, environment.id, 1_000_000 + i, {
          pipeline: { id: 2_000_000 + i, name: long },
          run: { id: 1_000_000 + i, name: "r".repeat(40) },
          stageName: "s".repeat(40),
        }),
      ),
    );
    const index = mergeIndex(undefined, {
      projectId: PROJECT,
      at: at(0),
      environments: many,
      reads: many.map((environment) => ({
        environmentId: environment.id,
        records: records.filter((item) => item.environmentId === environment.id),
      })),
    });
    expect(index.rows.length).toBe(MAX_ROWS);
    expect(index.environments.every((environment) => !environment.complete)).toBe(true);
    expect(documentBytes(index)).toBeLessThan(SERVICE_DOCUMENT_LIMIT_BYTES / 2);
    // More pipelines than are named: every one may have deployed there.
    expect(index.environments.every((environment) => environment.pipelines === "any")).toBe(true);
    expect(parseIndex(JSON.parse(JSON.stringify(index)), PROJECT)).toBeDefined();
  });
});

describe("merging reads into the index", () => {
  test("keeps the newest rows per environment and marks a cut environment with its floor", () => {
    const records = Array.from({ length: MAX_ROWS_PER_ENVIRONMENT + 5 }, (_, i) =>
      record(i + 1, 1, 100 + i),
    );
    const index = fullIndex(records);
    const dev = index.environments.find((environment) => environment.id === 1);
    expect(index.rows.filter((row) => row[1] === 1)).toHaveLength(MAX_ROWS_PER_ENVIRONMENT);
    expect(dev).toMatchObject({
      complete: false,
      floor: 6,
      watermark: MAX_ROWS_PER_ENVIRONMENT + 5,
    });
    // Runs queued up to the newest dropped row's queue time may have had rows dropped.
    expect(dev?.floorQueued).toBe(at(5).getTime() + 1);
    expect(index.environments.find((environment) => environment.id === 2)).toMatchObject({
      complete: true,
      watermark: 0,
    });
  });

  test("an incremental read replaces rows from its stop up and keeps the older ones", () => {
    const running = record(3, 2, 101, { result: undefined, finishTime: undefined });
    const before = fullIndex([record(1, 1, 100), record(2, 2, 100), running]);
    expect(refreshStops(before)).toEqual(
      new Map([
        [1, 2],
        [2, 3],
      ]),
    );
    const after = mergeIndex(before, {
      projectId: PROJECT,
      at: at(40),
      environments,
      reads: [
        { environmentId: 1, records: [record(4, 1, 102)], downTo: 2 },
        { environmentId: 2, records: [record(3, 2, 101), record(5, 2, 102)], downTo: 3 },
      ],
    });
    expect(after.rows.map((row) => [row[0], row[6]])).toEqual([
      [4, "succeeded"],
      [1, "succeeded"],
      [5, "succeeded"],
      [3, "succeeded"],
      [2, "succeeded"],
    ]);
    expect(after.asOf).toBe(at(40).toISOString());
    expect(after.environments.map((environment) => environment.watermark)).toEqual([4, 5]);
  });

  test("an environment whose rows all fell to the total cap answers for no old run", () => {
    // Many busy environments; one with a single old deployment, cut out by the total cap.
    const busy: Environment[] = Array.from(
      { length: MAX_ROWS / MAX_ROWS_PER_ENVIRONMENT },
      (_, i) => ({
        id: i + 10,
        name: `busy-${i}`,
      }),
    );
    const quiet: Environment = { id: 1, name: "dev" };
    const records = busy.flatMap((environment) =>
      Array.from({ length: MAX_ROWS_PER_ENVIRONMENT }, (_, i) =>
        record(environment.id * 1000 + i, environment.id, 500 + i, { queueTime: at(100 + i) }),
      ),
    );
    const old = record(1, 1, 7, { queueTime: at(0) });
    const index = mergeIndex(undefined, {
      projectId: PROJECT,
      at: at(500),
      environments: [quiet, ...busy],
      reads: [quiet, ...busy].map((environment) => ({
        environmentId: environment.id,
        records: [...records, old].filter((item) => item.environmentId === environment.id),
      })),
    });
    const dev = index.environments.find((environment) => environment.id === 1);
    expect(index.rows.some((row) => row[1] === 1)).toBe(false);
    expect(dev).toMatchObject({ complete: false, floorQueued: at(0).getTime() + 1 });
    expect(verificationPlan(index, [run(7, { queueTime: at(0) })]).has(1)).toBe(true);
  });

  test("a reader that lands after a later one keeps the later one's newer rows and date", () => {
    // The task read above the watermark at minute 40 (record 4); record 5 was queued at minute
    // 41, and the hub saved a full read at minute 45 (records 4 and 5) before the task's write
    // landed.
    const queuedAfterTask = { queueTime: at(41), startTime: at(41), finishTime: at(42) };
    const hub = mergeIndex(fullIndex([record(1, 1, 100)]), {
      projectId: PROJECT,
      at: at(45),
      environments,
      reads: [
        {
          environmentId: 1,
          records: [record(5, 1, 102, queuedAfterTask), record(4, 1, 101), record(1, 1, 100)],
        },
        { environmentId: 2, records: [] },
      ],
    });
    const task = mergeIndex(hub, {
      projectId: PROJECT,
      at: at(40),
      environments,
      reads: [
        { environmentId: 1, records: [record(4, 1, 101)], downTo: 2 },
        { environmentId: 2, records: [], downTo: 1 },
      ],
    });
    expect(task.rows.filter((row) => row[1] === 1).map((row) => row[0])).toEqual([5, 4, 1]);
    expect(task.asOf).toBe(at(45).toISOString());
    expect(task.environments.find((environment) => environment.id === 1)?.watermark).toBe(5);
  });

  test("a reader that lands after a later one keeps the environments that one read", () => {
    // The task read at minute 45, when environment 3 existed and run 102 had deployed there; the
    // hub's full read began at minute 40, before environment 3, and its write landed last.
    const later = mergeIndex(fullIndex([record(1, 1, 100)]), {
      projectId: PROJECT,
      at: at(45),
      environments: [...environments, { id: 3, name: "prod-eu" }],
      reads: [
        { environmentId: 1, records: [], downTo: 2 },
        { environmentId: 2, records: [], downTo: 1 },
        { environmentId: 3, records: [record(5, 3, 102)] },
      ],
    });
    const landed = mergeIndex(later, {
      projectId: PROJECT,
      at: at(40),
      environments,
      reads: [
        { environmentId: 1, records: [record(1, 1, 100)] },
        { environmentId: 2, records: [] },
      ],
    });
    // Dated minute 45, it must hold what was read by then: run 102's deployment to environment 3.
    expect(landed.asOf).toBe(at(45).toISOString());
    expect(landed.environments.map((environment) => environment.id)).toEqual([1, 2, 3]);
    expect(claimedRecords(landed, [run(102)]).map((item) => item.id)).toEqual([5]);
    expect(parseIndex(JSON.parse(JSON.stringify(landed)), PROJECT)).toEqual(landed);
  });

  test("a full read newer than the index drops the rows the service no longer has", () => {
    // Record 2 (the newest of dev) is gone since minute 30: a full read at minute 50 (past any
    // clock slack between writers) does not list it, so it is not kept as a later reader's.
    const before = fullIndex([record(1, 1, 100), record(2, 1, 101)]);
    const after = mergeIndex(before, {
      projectId: PROJECT,
      at: at(50),
      environments,
      reads: [
        { environmentId: 1, records: [record(1, 1, 100)] },
        { environmentId: 2, records: [] },
      ],
    });
    expect(after.rows.map((row) => row[0])).toEqual([1]);
    expect(after.environments[0].watermark).toBe(1);
  });

  test("saves minutes apart drop what the service no longer has: a row, an environment", () => {
    // Saved at minute 30; a full read at minute 35 (within the clock slack, so the index may be a
    // later reader's) no longer lists record 2, queued at minute 2, nor environment 2: both were
    // there to be read, so they are gone, not newer than the read.
    const before = fullIndex([record(1, 1, 100), record(2, 1, 101), record(3, 2, 102)]);
    const after = mergeIndex(before, {
      projectId: PROJECT,
      at: at(35),
      environments: [environments[0]],
      reads: [{ environmentId: 1, records: [record(1, 1, 100)] }],
    });
    expect(after.rows.map((row) => row[0])).toEqual([1]);
    expect(after.environments.map((environment) => environment.id)).toEqual([1]);
  });

  test("an environment keeps every pipeline that deployed there, also after its rows were cut", () => {
    const other = { id: 8, name: "api-ci-cd" };
    const records = [
      record(1, 1, 90, { pipeline: other }),
      ...Array.from({ length: MAX_ROWS_PER_ENVIRONMENT }, (_, i) => record(i + 2, 1, 100 + i)),
    ];
    const index = fullIndex(records);
    expect(index.rows.some((row) => row[2] === 8)).toBe(false);
    expect(index.environments.map((environment) => environment.pipelines)).toEqual([[7, 8], []]);
    const after = mergeIndex(index, {
      projectId: PROJECT,
      at: at(500),
      environments,
      reads: [
        { environmentId: 1, records: [], downTo: MAX_ROWS_PER_ENVIRONMENT + 2 },
        { environmentId: 2, records: [record(400, 2, 400, { pipeline: other })], downTo: 1 },
      ],
    });
    expect(after.environments.map((environment) => environment.pipelines)).toEqual([[7, 8], [8]]);
    // Read to the end again, an environment knows only what that read found.
    expect(fullIndex([record(3, 1, 100)]).environments[0].pipelines).toEqual([7]);
  });

  test("an environment no longer listed, or not read, leaves the index", () => {
    const before = fullIndex([record(1, 1, 100), record(2, 2, 100)]);
    const after = mergeIndex(before, {
      projectId: PROJECT,
      at: at(40),
      environments: [environments[0]],
      reads: [
        { environmentId: 1, records: [], downTo: 2 },
        { environmentId: 2, records: [], downTo: 3 },
      ],
    });
    expect(after.environments.map((environment) => environment.id)).toEqual([1]);
    expect(after.rows.map((row) => row[0])).toEqual([1]);
  });
});

describe("verifying the index's rows for some runs", () => {
  const index = fullIndex([
    record(1, 1, 100),
    record(2, 2, 100),
    record(3, 1, 101),
    record(4, 1, 102, { result: undefined, finishTime: undefined }),
  ]);

  test("claims are the rows of the runs asked about", () => {
    expect(claimedRecords(index, [run(100)]).map((item) => item.id)).toEqual([1, 2]);
  });

  test("reads each claimed environment down to its oldest claim, and re-reads running rows", () => {
    expect(verificationPlan(index, [run(100)])).toEqual(
      new Map([
        [1, 1],
        [2, 2],
      ]),
    );
    expect(verificationPlan(index, [run(102, { status: "inProgress" })]).get(1)).toBe(4);
  });

  test("a run finished after the index may have deployed since: its pipeline's environments above the watermark", () => {
    const later = run(200, { queueTime: at(50), finishTime: at(55) });
    expect(verificationPlan(index, [later])).toEqual(
      new Map([
        [1, 5],
        [2, 3],
      ]),
    );
    const earlier = run(200, { queueTime: at(5), finishTime: at(6) });
    expect(verificationPlan(index, [earlier])).toEqual(new Map());
  });

  test("a run older than a cut environment's floor reads that environment to the end", () => {
    const records = Array.from({ length: MAX_ROWS_PER_ENVIRONMENT + 5 }, (_, i) =>
      record(i + 1, 1, 100 + i),
    );
    const cut = fullIndex(records, 400);
    expect(verificationPlan(cut, [run(50, { queueTime: at(0) })]).get(1)).toBeUndefined();
    expect(verificationPlan(cut, [run(50, { queueTime: at(0) })]).has(1)).toBe(true);
    // A pipeline that never deployed there has nothing below the cut to find.
    const otherPipeline = run(50, { queueTime: at(0), pipeline: { id: 8, name: "api-ci-cd" } });
    expect(verificationPlan(cut, [otherPipeline]).has(1)).toBe(false);
  });

  test("a run newer than the index: every environment above its watermark, a new one to the end", () => {
    // Pipeline 7 deployed only to dev (1) when the index was written; prod (2) has another
    // pipeline's record, and environment 3 did not exist yet.
    const other = { id: 8, name: "api-ci-cd" };
    const index = fullIndex([record(1, 1, 100), record(2, 2, 90, { pipeline: other })]);
    const later = run(200, { queueTime: at(50), finishTime: at(55) });
    expect(verificationPlan(index, [later], { listed: [1, 2, 3] })).toEqual(
      new Map([
        [1, 2],
        [2, 3],
        [3, undefined],
      ]),
    );
    const running = run(201, { status: "inProgress", finishTime: undefined });
    expect([...verificationPlan(index, [running], { listed: [1, 2, 3] }).keys()]).toEqual([
      1, 2, 3,
    ]);
    // A run finished before the index was written is in it, or did not deploy; an environment
    // the index lacks may be one its writer could not see (whatever its id): read to the end.
    const finished = run(100, { queueTime: at(1), finishTime: at(2) });
    expect(verificationPlan(index, [finished], { listed: [1, 2, 3] })).toEqual(
      new Map([
        [1, 1],
        [3, undefined],
      ]),
    );
    expect(verificationPlan(index, [finished], { listed: [1, 2] })).toEqual(new Map([[1, 1]]));
    // An environment older than the index's newest that it lacks: its writer could not see it.
    const unseen = { ...index, environments: index.environments.filter((item) => item.id !== 1) };
    unseen.rows = unseen.rows.filter((row) => row[1] !== 1);
    expect(verificationPlan(unseen, [finished], { listed: [1, 2, 3] }).get(1)).toBeUndefined();
    expect(verificationPlan(unseen, [finished], { listed: [1, 2, 3] }).has(1)).toBe(true);
  });

  test("a newer run whose timeline shows no deployment job queued since the index reads only its claims", () => {
    const index = fullIndex([record(1, 1, 100), record(2, 2, 100)]);
    const waiting = run(100, { status: "inProgress", finishTime: undefined });
    const job = (id: string, parentId: string, startTime?: Date) => ({
      id,
      parentId,
      type: "Job",
      name: id,
      state: startTime ? ("completed" as const) : ("pending" as const),
      ...(startTime ? { result: "succeeded" as const, startTime, finishTime: startTime } : {}),
    });
    const stage = (id: string, state: "pending" | "inProgress" | "completed", start?: Date) => ({
      id,
      type: "Stage",
      name: id,
      state,
      ...(start ? { startTime: start } : {}),
    });
    // Dev ran before the index; Prod waits for its approval (an open Checkpoint); Smoke not reached.
    const records = [
      stage("dev", "completed", at(1)),
      job("dev-job", "dev", at(1)),
      stage("prod", "inProgress", at(3)),
      {
        id: "cp",
        parentId: "prod",
        type: "Checkpoint",
        name: "Checkpoint",
        state: "inProgress" as const,
      },
      job("prod-job", "prod"),
      stage("smoke", "pending"),
      job("smoke-job", "smoke"),
    ];
    const waitingTimeline = { runId: 100, records };
    expect(mayHaveDeployedSince(waitingTimeline, at(30).getTime())).toBe(false);
    const plan = verificationPlan(index, [waiting], {
      listed: [1, 2],
      timelines: new Map([[100, waitingTimeline]]),
    });
    expect(plan).toEqual(
      new Map([
        [1, 1],
        [2, 2],
      ]),
    );
    // Approved: the Checkpoint is completed and Prod's job may be queued for an agent.
    const approved = records.map((item) =>
      item.id === "cp" ? { ...item, state: "completed" as const } : item,
    );
    expect(mayHaveDeployedSince({ runId: 100, records: approved }, at(30).getTime())).toBe(true);
    // A job started after the index: new; a skipped one never deployed.
    const started = [...records, job("late", "dev", at(40))];
    expect(mayHaveDeployedSince({ runId: 100, records: started }, at(30).getTime())).toBe(true);
    // A phase whose job does not exist yet, in a stage that started with no checks holding it.
    const queued = [
      ...records,
      stage("canary", "inProgress", at(41)),
      { ...job("phase", "canary"), type: "Phase" },
    ];
    expect(mayHaveDeployedSince({ runId: 100, records: queued }, at(30).getTime())).toBe(true);
    // A stage let through by its checks, before any job or phase of it exists.
    const starting = [...records, stage("verify", "inProgress", at(42))];
    expect(mayHaveDeployedSince({ runId: 100, records: starting }, at(30).getTime())).toBe(true);
    const skipped = [...records, { ...job("skip", "smoke"), result: "skipped" as const }];
    expect(mayHaveDeployedSince({ runId: 100, records: skipped }, at(30).getTime())).toBe(false);
  });

  test("a tampered index: invented and altered claims are dropped and said, the service's records shown", () => {
    const tampered = JSON.parse(JSON.stringify(index)) as DeploymentIndex;
    tampered.rows.push([9, 2, 7, 100, "2026.100", "DeployProd", "succeeded", null, null, null]);
    tampered.environments[1].watermark = 9;
    const first = tampered.rows.find((row) => row[0] === 1) as DeploymentIndex["rows"][number];
    first[3] = 555; // record 1 said to be run 555's
    const trusted = parseIndex(tampered, PROJECT) as DeploymentIndex;
    const claims = claimedRecords(trusted, [run(100), run(555)]);
    const service = new Map([
      [1, [record(4, 1, 102), record(3, 1, 101), record(1, 1, 100)]],
      [2, [record(2, 2, 100)]],
    ]);
    const result = reconcile(claims, service, (id) => (id === 1 ? "dev" : "prod"));
    expect(result.records.map((item) => item.id).sort()).toEqual([1, 2, 3, 4]);
    expect(result.records.find((item) => item.id === 1)?.run.id).toBe(100);
    expect(result.contradicted).toHaveLength(2);
    expect(result.contradicted[0]).toMatch(
      /record 1 of dev is run 2026.100 \(id 555.*Azure DevOps says run 2026.100 \(id 100/,
    );
    expect(result.contradicted[1]).toMatch(
      /run 2026.100 deployed to prod \(record 9\); Azure DevOps has no such record/,
    );
  });
});

describe("refreshing the stored index through the ports", () => {
  /** Extension data in memory with the service's etag rules. */
  const memoryStore = memoryVersionedStore;

  test("reads everything the first time, then only what is newer than the watermark", async () => {
    const records = [record(1, 1, 100), record(2, 2, 100)];
    const fake = createFakeSources({
      environments,
      deploymentRecords: records,
    });
    const { store, writes } = memoryStore();
    const target = { project: "Demo", projectId: PROJECT, now: () => at(30) };
    const first = await refreshIndex(fake.sources, target, store);
    expect(first).toMatchObject({ readToEnd: 2, recordsRead: 2 });
    expect(first.index.rows).toHaveLength(2);

    records.push(record(3, 1, 101));
    fake.calls.length = 0;
    const second = await refreshIndex(fake.sources, { ...target, now: () => at(40) }, store);
    expect(second.readToEnd).toBe(0);
    expect(
      fake.calls
        .filter((call) => call.method === "environments.listDeploymentRecords")
        .map((call) => call.args[2]),
    ).toEqual([{ downToId: 2 }, { downToId: 3 }]);
    expect(second.index.rows.map((row) => row[0])).toEqual([3, 1, 2]);
    expect(writes()).toBe(2);
    // Nothing new a minute later: nothing written.
    await refreshIndex(fake.sources, { ...target, now: () => at(41) }, store);
    expect(writes()).toBe(2);
  });

  test("a tampered stored index is not merged into: everything is read again", async () => {
    const fake = createFakeSources({
      environments,
      deploymentRecords: [record(1, 1, 100)],
    });
    const { store, documents } = memoryStore();
    documents.set("index", {
      value: { schemaVersion: 1, projectId: PROJECT, rows: "<script>" },
      etag: 1,
    });
    const refreshed = await refreshIndex(
      fake.sources,
      { project: "Demo", projectId: PROJECT, now: () => at(30) },
      store,
    );
    expect(refreshed.readToEnd).toBe(2);
    expect(parseIndex(documents.get("index")?.value, PROJECT)?.rows.map((row) => row[0])).toEqual([
      1,
    ]);
  });
});

describe("a session using the deployment index", () => {
  const records = [record(1, 1, 100), record(2, 2, 100), record(3, 2, 101)];

  test("an index that cannot be read, or is not trusted, is none: every environment is listed", async () => {
    for (const read of [
      async () => {
        throw new Error("no extension data service");
      },
      async () => ({ schemaVersion: 1, projectId: PROJECT, rows: "tampered" }),
    ]) {
      const fake = createFakeSources({ environments, deploymentRecords: records });
      const session = new TraceSession(fake.sources, "Demo").useDeploymentIndex({
        projectId: PROJECT,
        read,
      });
      const found = await session.deploymentsOfRuns([run(100)], []);
      expect(found.index).toBeUndefined();
      expect(found.records.map((item) => item.id).sort()).toEqual([1, 2, 3]);
      expect(fake.callCount("environments.listDeploymentRecords")).toBe(2);
    }
  });

  test("with one: provisional claims without reading records, then only the planned environments", async () => {
    const fake = createFakeSources({ environments, deploymentRecords: records });
    const index = fullIndex([record(1, 1, 100), record(2, 2, 100)]);
    const session = new TraceSession(fake.sources, "Demo").useDeploymentIndex({
      projectId: PROJECT,
      read: async () => index,
    });
    const claims = await session.deploymentsOfRuns([run(100)], [], true);
    expect(claims.index).toMatchObject({ verified: false, asOf: index.asOf });
    expect(claims.records.map((item) => item.id).sort()).toEqual([1, 2]);
    expect(fake.callCount("environments.listDeploymentRecords")).toBe(0);
    const confirmed = await session.deploymentsOfRuns([run(100)], []);
    expect(confirmed.index).toMatchObject({ verified: true, contradicted: [] });
    expect(
      fake.calls
        .filter((call) => call.method === "environments.listDeploymentRecords")
        .map((call) => call.args.slice(1)),
    ).toEqual([
      [1, { downToId: 1 }],
      [2, { downToId: 2 }],
    ]);
  });
  test("an environment its writer could not see is read for every run, the newest one too", async () => {
    // Environment 3 (the newest) was hidden from the index's writer; run 100, finished long
    // before the index, deployed there. A full read would show it, so the form must too.
    const index = fullIndex([record(1, 1, 100), record(2, 2, 100)]);
    const fake = createFakeSources({
      environments: [...environments, { id: 3, name: "prod-eu" }],
      deploymentRecords: [record(1, 1, 100), record(2, 2, 100), record(3, 3, 100)],
    });
    const session = new TraceSession(fake.sources, "Demo").useDeploymentIndex({
      projectId: PROJECT,
      read: async () => index,
    });
    const finished = run(100, { queueTime: at(1), finishTime: at(4) });
    const found = await session.deploymentsOfRuns([finished], []);
    expect(found.records.filter((item) => item.run.id === 100).map((item) => item.id)).toEqual([
      1, 2, 3,
    ]);
  });

  test("a run's first deployment to an environment after the index was written is found", async () => {
    // When the index was written, pipeline 7 had deployed to dev only; since then run 200
    // deployed to prod (another pipeline's environment until then) and to a new environment 3.
    const other = { id: 8, name: "api-ci-cd" };
    const index = fullIndex([record(1, 1, 100), record(2, 2, 90, { pipeline: other })]);
    const later = run(200, { queueTime: at(50), finishTime: at(55) });
    const now = [...environments, { id: 3, name: "prod-eu" }];
    const fake = createFakeSources({
      environments: now,
      deploymentRecords: [
        record(1, 1, 100),
        record(2, 2, 90, { pipeline: other }),
        record(60, 2, 200),
        record(61, 3, 200),
      ],
    });
    const session = new TraceSession(fake.sources, "Demo").useDeploymentIndex({
      projectId: PROJECT,
      read: async () => index,
    });
    const found = await session.deploymentsOfRuns([later], []);
    const ids = found.records.filter((item) => item.run.id === 200).map((item) => item.id);
    expect(ids.sort()).toEqual([60, 61]);
    expect(found.index).toMatchObject({ verified: true, contradicted: [] });
  });
});
