import { startEmulator } from "../../dev/emulator";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import { TraceSession } from "../../src/core/trace";
import { deploymentContents, type DeploymentContents } from "../../src/core/trace/contents";
import { csvRecords, runInProcess } from "./helpers";

/** `changes` on the small demo organization (seed 1). */
const TOKEN = "rt-changes-token-41d9";
const env = { AZURE_DEVOPS_TOKEN: TOKEN };

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;

jest.setTimeout(120_000);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
});

afterAll(async () => {
  await emulator.close();
});

async function cli(...argv: string[]) {
  return runInProcess(["--org", emulator.orgUrl, "--project", "Fabrikam", ...argv], env);
}

async function json(...argv: string[]): Promise<DeploymentContents> {
  const result = await cli("changes", ...argv, "--format", "json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as DeploymentContents;
}

it("answers for what runs there now, never for a release still waiting for approval", async () => {
  // Release-15 waits for its Production approval: what runs in Production is Release-10.
  const contents = await json("--pipeline", "web-app-release", "--environment", "production");
  expect(contents.schemaVersion).toBe(1);
  expect(contents.environment).toBe("Production");
  expect(contents.current).toMatchObject({
    kind: "release",
    id: 10,
    name: "Release-10",
    state: "succeeded",
    deployedAt: "2025-03-01T20:44:32.000Z",
  });
  expect(contents.comparison).toBe("since-previous");
  expect(contents.previous).toMatchObject({ kind: "release", name: "Release-7" });
  expect(contents.included.map((item) => item.id)).toEqual([10]);
  expect(contents.workItems.map((item) => item.id)).toEqual([273]);
  expect(contents.commits.map((commit) => commit.id.slice(0, 8)).sort()).toEqual([
    "0a74f652",
    "e32ba3a3",
  ]);
});

it("says what a waiting release would bring, without calling it deployed", async () => {
  const contents = await json(
    ...["--pipeline", "web-app-release", "--environment", "Production", "--release", "15"],
  );
  expect(contents.current).toMatchObject({
    id: 15,
    state: "waiting-for-approval",
    result: "inProgress",
    deployedAt: null,
  });
  expect(contents.previous).toMatchObject({ name: "Release-10" });
  expect(contents.included.map((item) => item.id)).toEqual([15, 12]);
  const table = await cli(
    ...["changes", "--pipeline", "web-app-release", "--environment", "Production"],
    ...["--release", "15"],
  );
  expect(table.stdout.split("\n")[0]).toBe(
    "web-app-release: Release-15 to Production from refs/heads/main: waiting for approval, not deployed there.",
  );
});

it("gives the hub's contents panel answer for the same deployment", async () => {
  const cliAnswer = await json(
    ...["--pipeline", "web-app-ci-cd", "--environment", "staging", "--run", "1146"],
  );
  // The hub learns Services or Server from its host; here the server is asked, as the CLI does.
  const { sources } = createAdoSources({
    orgUrl: emulator.orgUrl,
    auth: patAuth("hub"),
    target: "detect",
  });
  const session = new TraceSession(sources, "Fabrikam");
  const { contents } = await deploymentContents(session, {
    kind: "run",
    runId: 1146,
    environment: "staging",
  });
  expect(cliAnswer).toEqual(JSON.parse(JSON.stringify(contents)));
  expect(cliAnswer.current).toMatchObject({ name: "20250304.2", state: "succeeded" });
});

it("writes Markdown, CSV and a table", async () => {
  const argv = ["changes", "--pipeline", "web-app-release", "--environment", "Production"];
  const md = await cli(...argv, "--format", "md");
  expect(md.code).toBe(0);
  expect(md.stdout).toContain("# web-app-release → Production");
  expect(md.stdout).toContain("## Work items (1)");
  const csv = await cli(...argv, "--format", "csv");
  const records = csvRecords(csv.stdout);
  expect(records[0]).toEqual(["section", "id", "title", "status", "detail", "in"]);
  expect(records.some((row) => row[0] === "work item" && row[1] === "273")).toBe(true);
  const table = await cli(...argv);
  expect(table.stdout).toContain("Releases brought in (1)");
  expect(table.stdout).toContain("gap: commit-without-work-item");
});

it("exits 3 and names what it could not read", async () => {
  emulator.setFaults({ forbiddenRepositories: ["web-app"] });
  try {
    const result = await cli(
      ...["changes", "--pipeline", "web-app-release", "--environment", "Production"],
      ...["--format", "json"],
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("not available:");
    const contents = JSON.parse(result.stdout) as DeploymentContents;
    expect(contents.notAvailable.length).toBeGreaterThan(0);
    expect(contents.notAvailable.every((note) => note.kind === "permission")).toBe(true);
  } finally {
    emulator.setFaults({ forbiddenRepositories: [] });
  }
});
