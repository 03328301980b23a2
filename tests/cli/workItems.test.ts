import { startEmulator } from "../../dev/emulator";
import { generateDemo } from "../../dev/emulator/demo/generate";
import type { WorkItemRow } from "../../src/cli/commands/workItems";
import { runInProcess } from "./helpers";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const TOKEN = "rt-test-token-9d41e7c0aa";
const SEED = 1;
const demo = generateDemo({ seed: SEED, size: "small", org: "fabrikam" });
const inMain = demo.workItems.filter((item) => item.projectId === demo.mainProjectId);

jest.setTimeout(60_000);

describe("release-trace work-items against the emulator", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: SEED, size: "small" });
  });
  afterAll(() => emulator.close());

  const run = (...args: string[]) =>
    runInProcess(
      ["work-items", "--org", emulator.orgUrl, "--project", emulator.project.name, ...args],
      { AZURE_DEVOPS_TOKEN: TOKEN },
    );

  it("lists every work item of the project as JSON, ascending, with links", async () => {
    const result = await run("--format", "json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      schemaVersion: number;
      count: number;
      workItems: WorkItemRow[];
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.workItems.map((row) => row.id)).toEqual(
      inMain.map((item) => item.id).sort((a, b) => a - b),
    );
    expect(report.count).toBe(inMain.length);
    const first = report.workItems[0];
    const source = inMain.find((item) => item.id === first.id);
    expect(first).toMatchObject({ title: source?.title, type: source?.type, state: source?.state });
    expect(first.url).toBe(
      `${emulator.orgUrl}/${emulator.project.name}/_workitems/edit/${first.id}`,
    );
  });

  it("filters by type, state and title text (case-insensitive) and writes CSV", async () => {
    const sample = inMain[0];
    const word = sample.title.split(/\s+/).find((part) => part.length > 3) ?? sample.title;
    const result = await run(
      "--type",
      sample.type.toUpperCase(),
      "--state",
      sample.state,
      "--title-contains",
      word.toLowerCase(),
      "--format",
      "csv",
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\r\n");
    expect(lines[0]).toBe("Id,Type,State,Title,Assigned to,Changed,URL");
    const expected = inMain.filter(
      (item) =>
        item.type === sample.type &&
        item.state === sample.state &&
        item.title.toLowerCase().includes(word.toLowerCase()),
    );
    expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual(
      expected.map((item) => item.id).sort((a, b) => a - b),
    );
  });

  it("escapes titles in Markdown and CSV, and says when nothing matches", async () => {
    const md = await run("--format", "md");
    expect(md.code).toBe(0);
    expect(md.stdout).not.toMatch(/<script/i);
    expect(md.stdout).toContain(`${inMain.length} work items.`);
    const none = await run("--title-contains", "no title contains this 7f3e");
    expect(none.code).toBe(0);
    expect(none.stdout).toBe("No work items.\n");
  });

  it("rejects an over-long or empty filter with a usage error (exit 2)", async () => {
    const long = await run("--title-contains", "x".repeat(300));
    expect(long.code).toBe(2);
    expect(long.stderr).toContain("--title-contains takes 1 to 256 characters");
    const blank = await run("--state", "   ");
    expect(blank.code).toBe(2);
  });
});
