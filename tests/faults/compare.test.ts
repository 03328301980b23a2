/**
 * The comparisons of the fault suite must catch what they exist for: a fault that becomes a
 * finding, a changed or invented row, a missing result without a notice, a count that changed.
 */
import {
  compareCompliance,
  compareDeployed,
  compareGates,
  compareInventory,
  compareTrace,
} from "../../dev/faults/runner";

const result = (outcome: string, message = "ok", branch: string | null = "refs/heads/main") => ({
  ruleId: "branch.min-reviewers",
  outcome,
  message,
  branch,
  target: { kind: "repository", id: "r1", name: "web-app" },
});
const compliance = (...results: object[]) => ({
  schemaVersion: 1,
  organization: "fabrikam",
  project: { id: "p", name: "Fabrikam" },
  baseline: { name: "default" },
  results,
});

describe("compliance comparison", () => {
  it("matches identical results and accepts not-available with a message", () => {
    const baseline = compliance(result("pass"));
    expect(compareCompliance(baseline, baseline)).toMatchObject({ matched: 1, mismatches: [] });
    const partial = compareCompliance(baseline, compliance(result("not-available", "403 refs")));
    expect(partial).toMatchObject({ notAvailable: 1, mismatches: [], partial: true });
  });

  it("flags a fault reported as a failure, and not-available without a reason", () => {
    const baseline = compliance(result("pass"));
    expect(compareCompliance(baseline, compliance(result("fail"))).mismatches).toHaveLength(1);
    expect(
      compareCompliance(baseline, compliance(result("not-available", " "))).mismatches,
    ).toHaveLength(1);
  });

  it("accepts one repository-wide not-available result for its branches, not an invented one", () => {
    const baseline = compliance(result("pass"), result("fail", "x", "refs/heads/release/1"));
    const collapsed = compareCompliance(
      baseline,
      compliance(result("not-available", "could not list the branches", null)),
    );
    expect(collapsed).toMatchObject({ notAvailable: 2, mismatches: [] });
    const invented = compareCompliance(
      compliance(result("pass")),
      compliance(result("pass"), { ...result("fail"), ruleId: "branch.merge-strategy" }),
    );
    expect(invented.mismatches).toEqual([expect.stringContaining("is new")]);
  });
});

describe("inventory comparison", () => {
  const inventory = (releases: unknown, notAvailable: object[] = []) => ({
    counts: { repositories: { total: 12 }, releases },
    notAvailable,
  });

  it("accepts a count marked not-available with a reason, not a changed count", () => {
    const baseline = inventory(15);
    expect(
      compareInventory(
        baseline,
        inventory("not-available", [{ item: "releases", reason: { kind: "malformed" } }]),
      ),
    ).toMatchObject({ matched: 1, notAvailable: 1, mismatches: [], partial: true });
    expect(compareInventory(baseline, inventory(14)).mismatches).toHaveLength(1);
    expect(compareInventory(baseline, inventory("not-available")).mismatches).toHaveLength(1);
  });
});

describe("gates comparison", () => {
  const stage = (state: string, checks: object[] = [], environment: string | null = "prod") => ({
    pipeline: "web",
    runId: 1,
    stage: "Prod",
    environment,
    state,
    checks,
  });
  const gates = (stages: object[], notAvailable: object[] = []) => ({
    pending: [],
    stages,
    notAvailable,
  });
  const declared = [{ what: "the checks of stage checkpoint x", reason: "403" }];

  it("accepts a kept row with changed fields only when a marker names each of them", () => {
    const full = stage("checks-running", [{ type: "invokeAzureFunction", name: "Budget" }]);
    const less = stage("checks-running", [{ type: "taskCheck", name: "Budget" }], null);
    const marker = {
      what: "stage Prod of run 1",
      kind: "permission",
      reason: "403",
      fields: ["checks", "environment"],
    };
    // A marker on the row itself.
    expect(
      compareGates(gates([full]), gates([{ ...less, notAvailable: [marker] }], declared)),
    ).toMatchObject({ notAvailable: 1, mismatches: [] });
    // A top-level entry with `fields` naming the row.
    expect(compareGates(gates([full]), gates([less], [...declared, marker]))).toMatchObject({
      notAvailable: 1,
      mismatches: [],
    });
  });

  it("flags a changed value without a marker, even with data declared missing elsewhere", () => {
    const full = stage("checks-running", [{ type: "invokeAzureFunction", name: "Budget" }]);
    const less = stage("checks-running", [{ type: "taskCheck", name: "Budget" }], null);
    expect(compareGates(gates([full]), gates([less], declared)).mismatches).toEqual([
      expect.stringContaining("environment, checks changed without a not-available marker"),
    ]);
    // A marker for one field does not cover another.
    const partial = { ...less, notAvailable: [{ reason: "403", fields: ["environment"] }] };
    expect(compareGates(gates([full]), gates([partial], declared)).mismatches).toEqual([
      expect.stringContaining("checks changed without"),
    ]);
  });

  it("accepts a kept row whose marker names the fields it lost", () => {
    const full = stage("waiting-for-approval");
    const marked = {
      ...stage("waiting-for-approval", [], null),
      unknown: [
        { what: "stage Prod of web run 1", kind: "server", reason: "500", fields: ["environment"] },
      ],
    };
    expect(compareGates(gates([full]), gates([marked], declared))).toMatchObject({
      notAvailable: 1,
      mismatches: [],
    });
  });

  it("flags a row that says something else, even with data declared missing", () => {
    const changed = compareGates(gates([stage("waiting")]), gates([stage("succeeded")], declared));
    expect(changed.mismatches).toEqual([expect.stringContaining("state changed without")]);
  });

  it("accepts a row left out when data is declared missing, not when nothing is declared", () => {
    expect(compareGates(gates([stage("waiting")]), gates([], declared))).toMatchObject({
      notAvailable: 1,
      mismatches: [],
    });
    expect(compareGates(gates([stage("waiting")]), gates([])).mismatches).not.toEqual([]);
  });
});

describe("trace comparison", () => {
  const trace = (gaps: object[], notAvailable: object[] = []) => ({
    workItem: { id: 7 },
    pullRequests: [{ id: 1 }],
    commits: [],
    builds: [],
    deployments: [],
    gaps,
    notAvailable,
  });

  it("flags a gap that only the faulty answer finds (a fault turned into a finding)", () => {
    const invented = compareTrace(
      trace([]),
      trace(
        [{ kind: "prod-without-approval", message: "no approval" }],
        [{ what: "pipeline approvals", reason: "403" }],
      ),
    );
    expect(invented.mismatches).toEqual([expect.stringContaining("prod-without-approval")]);
  });

  it("takes a gap rule that could not be checked as declared missing data, not a finding", () => {
    const unchecked = compareTrace(
      trace([{ kind: "prod-without-approval", outcome: "gap", runId: 3, message: "no approval" }]),
      trace(
        [{ kind: "prod-without-approval", outcome: "not-available", runId: 3, message: "?" }],
        [{ what: "timeline of run 3", reason: "500" }],
      ),
    );
    expect(unchecked.mismatches).toEqual([]);
  });

  it("keeps reporting what the fault-free answer could not read either", () => {
    const known = [{ what: "pull request 87", reason: "404" }];
    expect(compareTrace(trace([], known), trace([])).mismatches).toEqual([
      expect.stringContaining("pull request 87"),
    ]);
  });
});

describe("deployed comparison", () => {
  const cell = {
    pipeline: "web-app-ci-cd",
    kind: "yaml",
    environment: "prod",
    runId: 1130,
    name: "20250302.2",
    sourceBranch: "refs/heads/main",
    sourceVersion: "652937ae",
    result: "succeeded",
    deployedAt: "2025-03-02T23:50:30.000Z",
    deployedBy: "Priya Natarajan",
    state: "succeeded",
  };
  const matrix = (cells: object[], notAvailable: object[] = []) => ({
    schemaVersion: 1,
    cells,
    notAvailable,
  });
  const note = { what: "runs of the deployments", kind: "server", reason: "HTTP 503" };
  const lost = { ...cell, sourceBranch: null, sourceVersion: null, deployedBy: null };

  it("flags a cell that kept its run but lost fields without a marker", () => {
    expect(compareDeployed(matrix([cell]), matrix([lost], [note])).mismatches).toHaveLength(1);
  });

  it("accepts the lost fields when the cell names them as unknown", () => {
    const marked = {
      ...lost,
      unknown: {
        ...note,
        what: "deployment of web-app-ci-cd to prod",
        fields: ["sourceBranch", "sourceVersion", "deployedBy"],
      },
    };
    expect(compareDeployed(matrix([cell]), matrix([marked], [note]))).toMatchObject({
      matched: 0,
      notAvailable: 1,
      mismatches: [],
    });
  });

  it("flags a cell that names another deployment, marker or not", () => {
    const other = { ...cell, runId: 1131, unknown: { ...note, fields: ["sourceBranch"] } };
    expect(compareDeployed(matrix([cell]), matrix([other], [note])).mismatches).toHaveLength(1);
  });
});
