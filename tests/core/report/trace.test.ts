import {
  deployedCsv,
  deployedMarkdown,
  deployedTableRows,
  gapLine,
  traceMarkdown,
} from "../../../src/core/report/trace";
import type {
  DeployedCell,
  DeployedMatrix,
  TraceGap,
  WorkItemTrace,
} from "../../../src/core/trace";

const production: DeployedCell = {
  pipeline: "web-release",
  kind: "classic",
  environment: "Production",
  releaseId: 10,
  name: "Release-10",
  sourceBranch: "refs/heads/main",
  sourceVersion: "0a74f65205fe526d72e6791fd58c22f5a20ff90e",
  result: "succeeded",
  deployedAt: "2025-03-01T20:44:32.000Z",
  deployedBy: "Chuck Reinhart",
  state: "succeeded",
  latestAttempt: {
    releaseId: 15,
    name: "Release-15",
    state: "waiting-for-approval",
    result: "inProgress",
    at: "2025-03-04T11:23:19.000Z",
    by: "Jamal Hartnett",
  },
};

const lostFields: DeployedCell = {
  pipeline: "web-ci-cd",
  kind: "yaml",
  environment: "prod",
  runId: 1130,
  name: "20250302.2",
  sourceBranch: null,
  sourceVersion: null,
  result: "succeeded",
  deployedAt: "2025-03-02T23:50:30.000Z",
  deployedBy: null,
  state: "succeeded",
  unknown: {
    what: "deployment of web-ci-cd to prod",
    kind: "server",
    reason: "HTTP 503",
    status: 503,
    fields: ["sourceBranch", "sourceVersion", "deployedBy"],
  },
};

const nothing: DeployedCell = {
  pipeline: "web-ci-cd",
  kind: "yaml",
  environment: "staging",
  name: null,
  sourceBranch: null,
  sourceVersion: null,
  result: null,
  state: null,
  deployedAt: null,
  deployedBy: null,
  latestAttempt: {
    runId: 1131,
    name: "20250303.1",
    state: "failed",
    result: "failed",
    at: null,
    by: null,
  },
};

const matrix: DeployedMatrix = {
  schemaVersion: 1,
  environments: [],
  cells: [production, lostFields, nothing],
  notAvailable: [{ what: "runs of the deployments", kind: "server", reason: "HTTP 503" }],
};

it("puts a newer attempt apart from what runs there, in words", () => {
  const { header, rows } = deployedTableRows(matrix);
  const row = Object.fromEntries(header.map((name, index) => [name, rows[0][index]]));
  expect(row).toMatchObject({
    "Runs there now": "Release-10",
    State: "succeeded",
    "Newer attempt (not deployed)": "Release-15: waiting for approval (2025-03-04T11:23:19.000Z)",
  });
  const empty = Object.fromEntries(header.map((name, index) => [name, rows[2][index]]));
  expect(empty).toMatchObject({
    "Runs there now": "-",
    State: "nothing deployed",
    "Newer attempt (not deployed)": "run 20250303.1: failed",
  });
});

it("says 'unknown' for a field that could not be read, never '-', and why", () => {
  const table = deployedTableRows(matrix);
  const row = Object.fromEntries(table.header.map((name, index) => [name, table.rows[1][index]]));
  expect(row).toMatchObject({ Branch: "unknown", Version: "unknown", By: "unknown" });
  expect(table.notes).toEqual([
    "Azure DevOps did not answer for sourceBranch, sourceVersion, deployedBy of deployment of web-ci-cd to prod (server error).",
  ]);
  const md = deployedMarkdown(matrix);
  expect(md).toContain("## Unknown fields");
  expect(md).toContain("| web-ci-cd | yaml | prod | run 20250302.2 | unknown | unknown |");
});

it("adds the state, the newer attempt and the unknown fields as CSV columns", () => {
  const [header, first, second] = deployedCsv(matrix).trim().split("\r\n");
  expect(header.split(",").slice(11)).toEqual([
    "state",
    "latestAttemptId",
    "latestAttemptName",
    "latestAttemptState",
    "latestAttemptAt",
    "unknownFields",
  ]);
  expect(first.split(",").slice(11)).toEqual([
    "succeeded",
    "15",
    "Release-15",
    "waiting for approval",
    "2025-03-04T11:23:19.000Z",
    "",
  ]);
  expect(second.split(",").slice(-1)).toEqual(["sourceBranch sourceVersion deployedBy"]);
});

it("says which fields of a kept commit or gap were not read, in the line and in Markdown", () => {
  const unread = { what: "x", kind: "server" as const, reason: "500" };
  const gap: TraceGap = {
    kind: "open-work-item-deployed",
    ruleId: "trace.open-work-item-deployed",
    title: "Open work item deployed",
    severity: "medium",
    outcome: "gap",
    message: "Work item 1 is still Active but was deployed to dev",
    environments: ["dev"],
    unknown: [{ ...unread, what: "work item 1", fields: ["environments"] }],
  };
  expect(gapLine(gap)).toContain("(not read: environments (server error))");
  expect(gapLine({ ...gap, unknown: undefined })).not.toContain("not read");
  const trace: WorkItemTrace = {
    schemaVersion: 1,
    workItem: { id: 1, title: "T", type: "Bug", state: "Active" },
    pullRequests: [],
    commits: [
      {
        id: "abc",
        repository: "r-id",
        unknown: [{ ...unread, what: "commit abc", fields: ["repository"] }],
      },
    ],
    builds: [],
    deployments: [],
    gaps: [gap],
    notAvailable: [],
  };
  const markdown = traceMarkdown(trace);
  expect(markdown).toContain("r-id (not read: repository (server error))");
  expect(markdown).toContain(
    "Work item 1 is still Active but was deployed to dev (not read: environments",
  );
});
