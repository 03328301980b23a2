/*
 * compliance --all-projects / --shard / --projects and `merge`, against the large demo
 * organization (16 projects): merging the shards gives the report one process writes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../dev/emulator";
import type { OrgComplianceReport, OrgSarifLog } from "../../src/core/report/complianceOrg";
import { startForbiddingProxy } from "./forbiddingProxy";
import { runInProcess, type CliResult } from "./helpers";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const env = { AZURE_DEVOPS_TOKEN: "rt-merge-token-7c21" };
const SHARDS = 4;

let emulator: Emulator;
let dir: string;
let org: string[];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 1, size: "large" });
  dir = mkdtempSync(join(tmpdir(), "release-trace-merge-"));
  org = ["--org", emulator.orgUrl];
}, 120_000);

afterAll(async () => {
  await emulator?.close();
});

function run(argv: string[]): Promise<CliResult> {
  return runInProcess(argv, env, dir);
}

/** `compliance --all-projects` in `format`: one shard of it if given, through `via` if given. */
function scanAll(
  format: string,
  options: { shard?: string; via?: string[] } = {},
): Promise<CliResult> {
  const shard = options.shard ? ["--shard", options.shard] : [];
  return run([
    "compliance",
    ...(options.via ?? org),
    "--all-projects",
    ...shard,
    "--format",
    format,
  ]);
}

/** `compliance --projects <list>` as JSON. */
function scanProjects(list: string): Promise<CliResult> {
  return run(["compliance", ...org, "--projects", list, "--format", "json"]);
}

/** Writes `text` to a file in the test directory and returns its name (relative to it). */
function save(name: string, text: string): string {
  writeFileSync(join(dir, name), text, "utf8");
  return name;
}

/** What legitimately differs between two runs: when they ran and how many requests they made. */
function stable(report: OrgComplianceReport): unknown {
  return { ...report, generatedAt: "-", summary: { ...report.summary, restCalls: 0 } };
}

/** Lines that carry the time or the request count, for the text formats. */
function withoutVolatileLines(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/Generated:|REST calls:/.test(line))
    .join("\n");
}

let single: OrgComplianceReport;
let singleSarif: OrgSarifLog;
const shardFiles: string[] = [];
const shardSarifFiles: string[] = [];

describe("compliance --all-projects", () => {
  it("scans every project through one connection and writes one report", async () => {
    const result = await scanAll("json");
    expect(result.code).toBe(0);
    single = JSON.parse(result.stdout) as OrgComplianceReport;
    const listed = emulator.summary.projects.map((project) => project.id).sort();
    expect(single.projects.map((entry) => entry.project.id).sort()).toEqual(listed);
    expect(listed.length).toBeGreaterThanOrEqual(12);
    expect(single.summary).toMatchObject({
      projectsInOrganization: listed.length,
      projectsScanned: listed.length,
      projectsNotAvailable: 0,
    });
    // Ordered by name; every project scored; the overall score weighs every result.
    const names = single.projects.map((entry) => entry.project.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(single.summary.byProject.every((entry) => entry.status === "scanned")).toBe(true);
    // Which server it is (connectionData: the emulator is neither dev.azure.com nor
    // *.visualstudio.com), the project list, then for each project its repositories and its
    // policies, nothing else (no second project lookup per project).
    expect(single.summary.restCalls).toBe(2 + 2 * listed.length);
    const results = single.projects.flatMap((entry) =>
      entry.status === "scanned" ? entry.results : [],
    );
    expect(single.summary.byOutcome.fail).toBe(
      results.filter((result) => result.outcome === "fail").length,
    );
  }, 60_000);

  it("shards are disjoint, deal every project once and are the same on every run", async () => {
    const seen: string[] = [];
    for (let index = 1; index <= SHARDS; index++) {
      const shard = `${index}/${SHARDS}`;
      const json = await scanAll("json", { shard });
      expect(json.code).toBe(0);
      const part = JSON.parse(json.stdout) as OrgComplianceReport;
      expect(part.selection).toEqual({ kind: "all-projects", shard: { index, count: SHARDS } });
      seen.push(...part.projects.map((entry) => entry.project.id));
      shardFiles.push(save(`shard-${index}.json`, json.stdout));
      const again = await scanAll("json", { shard });
      expect((JSON.parse(again.stdout) as OrgComplianceReport).projects).toEqual(part.projects);
      const sarif = await scanAll("sarif", { shard });
      shardSarifFiles.push(save(`shard-${index}.sarif`, sarif.stdout));
    }
    expect(seen.sort()).toEqual(single.projects.map((entry) => entry.project.id).sort());
    expect(new Set(seen).size).toBe(seen.length);
  }, 120_000);
});

describe("merge", () => {
  it("JSON shards merge into the single-process report", async () => {
    const merged = await run(["merge", "--format", "json", ...shardFiles]);
    expect(merged.code).toBe(0);
    const report = JSON.parse(merged.stdout) as OrgComplianceReport;
    expect(stable(report)).toEqual(stable(single));
    // The merged request count is the parts' sum (each part asked which server it is and listed
    // the projects once).
    expect(report.summary.restCalls).toBe(single.summary.restCalls! + 2 * (SHARDS - 1));
  });

  it("the order of the parts does not matter", async () => {
    const merged = await run(["merge", "--format", "json", ...[...shardFiles].reverse()]);
    expect(stable(JSON.parse(merged.stdout) as OrgComplianceReport)).toEqual(stable(single));
  });

  it("SARIF shards merge into the single-process SARIF, and so do JSON shards", async () => {
    const whole = await scanAll("sarif");
    singleSarif = JSON.parse(whole.stdout) as OrgSarifLog;
    const fromSarif = await run(["merge", "--format", "sarif", ...shardSarifFiles]);
    expect(fromSarif.code).toBe(0);
    expect(JSON.parse(fromSarif.stdout)).toEqual(singleSarif);
    const fromJson = await run(["merge", "--format", "sarif", ...shardFiles]);
    expect(JSON.parse(fromJson.stdout)).toEqual(singleSarif);
    const run0 = singleSarif.runs[0];
    expect(singleSarif.runs).toHaveLength(1);
    expect(run0.results.length).toBe(single.summary.byOutcome.fail);
    // Every result names its project and sits under it.
    for (const result of run0.results) {
      const project = single.projects.find(
        (entry) => entry.project.id === result.properties.projectId,
      );
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(
        new RegExp(`^projects/${encodeURIComponent(project!.project.name)}/`),
      );
    }
  }, 60_000);

  it.each(["md", "csv", "table"])(
    "writes %s from merged JSON exactly as a single process",
    async (format) => {
      const whole = await scanAll(format);
      const merged = await run(["merge", "--format", format, ...shardFiles]);
      expect(merged.code).toBe(0);
      expect(withoutVolatileLines(merged.stdout)).toEqual(withoutVolatileLines(whole.stdout));
    },
    60_000,
  );

  it("writes --out and applies --fail-on to the merged report", async () => {
    const result = await run([
      "merge",
      "--format",
      "json",
      "--out",
      "org.json",
      "--fail-on",
      "high",
      ...shardFiles,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failure\(s\) at severity high or above/);
    const written = JSON.parse(readFileSync(join(dir, "org.json"), "utf8")) as OrgComplianceReport;
    expect(stable(written)).toEqual(stable(single));
  });

  it("counts a part given twice once", async () => {
    const result = await run(["merge", "--format", "json", ...shardFiles, shardFiles[0]]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/repeats shard-1\.json; it is counted once/);
    expect(stable(JSON.parse(result.stdout) as OrgComplianceReport)).toEqual(stable(single));
  });

  describe("bad inputs are input errors (exit 2) with a clear message", () => {
    const cases: [string, () => string[], RegExp][] = [
      ["no files", () => [], /merge needs the report files/],
      ["a file that does not exist", () => ["missing.json"], /cannot read missing\.json/],
      [
        "a file that is not JSON",
        () => [save("broken.json", "{ not json")],
        /broken\.json is not JSON/,
      ],
      [
        "JSON that is not a report",
        () => [save("other.json", JSON.stringify({ name: "package", version: "1.0.0" }))],
        /other\.json: not a Release Trace compliance report/,
      ],
      [
        "a report with a broken project list",
        () => [save("cut.json", JSON.stringify({ ...single, projects: [{ status: "scanned" }] }))],
        /cut\.json: an organization report with missing or malformed projects/,
      ],
      [
        "a report of an unknown schema version",
        () => [save("v9.json", JSON.stringify({ ...single, schemaVersion: 9 }))],
        /v9\.json: schemaVersion 9 is not supported/,
      ],
      [
        "a single-project report",
        () => [
          save(
            "project.json",
            JSON.stringify({ schemaVersion: 1, project: { id: "p", name: "P" }, results: [] }),
          ),
        ],
        /project\.json: a single-project compliance report/,
      ],
      [
        "mixed baselines",
        () => {
          const other = JSON.parse(
            readFileSync(join(dir, shardFiles[1]), "utf8"),
          ) as OrgComplianceReport;
          other.baseline = { ...other.baseline, name: "Strict", digest: "f".repeat(64) };
          return [shardFiles[0], save("strict.json", JSON.stringify(other))];
        },
        /Mixed baselines: strict\.json used "Strict"/,
      ],
      [
        "another organization",
        () => {
          const other = JSON.parse(
            readFileSync(join(dir, shardFiles[1]), "utf8"),
          ) as OrgComplianceReport;
          return [
            shardFiles[0],
            save("contoso.json", JSON.stringify({ ...other, organization: "contoso" })),
          ];
        },
        /contoso\.json is about organization "contoso"/,
      ],
      [
        "overlapping parts (a whole report and a shard)",
        () => [save("whole.json", JSON.stringify(single)), shardFiles[0]],
        /Overlapping reports: project ".+" is in both whole\.json and shard-1\.json/,
      ],
      ["a missing shard", () => shardFiles.slice(0, 3), /Missing shard\(s\) 4\/4/],
      [
        "JSON and SARIF parts mixed",
        () => [shardFiles[0], shardSarifFiles[1]],
        /Mixed inputs: shard-2\.sarif is SARIF/,
      ],
    ];
    it.each(cases)("%s", async (_name, files, message) => {
      const result = await run(["merge", "--format", "json", ...files()]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/at .+\.ts:\d+/);
      expect(result.stdout).toBe("");
    });

    it("SARIF parts cannot be written as JSON", async () => {
      const result = await run(["merge", "--format", "json", ...shardSarifFiles]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/SARIF parts merge into SARIF only/);
    });

    it("shards cut differently overlap", async () => {
      const half = await scanAll("json", { shard: "1/2" });
      const result = await run(["merge", save("half.json", half.stdout), ...shardFiles]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Overlapping reports/);
    });

    it("takes no connection flags", async () => {
      const result = await run(["merge", ...org, ...shardFiles]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/"merge" reads only files; drop --org/);
    });
  });
});

describe("compliance --projects", () => {
  it("scans the named projects; their parts merge like shards", async () => {
    const [first, second, third] = single.projects.map((entry) => entry.project.name);
    const both = await scanProjects(`${first},${second},${third}`);
    expect(both.code).toBe(0);
    const whole = JSON.parse(both.stdout) as OrgComplianceReport;
    expect(whole.projects.map((entry) => entry.project.name)).toEqual([first, second, third]);
    const one = await scanProjects(`${third},${first}`);
    const two = await scanProjects(second.toUpperCase());
    const merged = await run([
      "merge",
      "--format",
      "json",
      save("g1.json", one.stdout),
      save("g2.json", two.stdout),
    ]);
    expect(merged.code).toBe(0);
    expect(stable(JSON.parse(merged.stdout) as OrgComplianceReport)).toEqual(stable(whole));
  }, 60_000);

  it("names an unknown project (exit 2)", async () => {
    const result = await run(["compliance", ...org, "--projects", "Fabrikam,Nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--projects: "Nope" not found/);
  });
});

describe("multi-project flags", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "--project with --all-projects",
      ["--project", "Fabrikam", "--all-projects"],
      /--project conflicts with --all-projects/,
    ],
    [
      "--all-projects with --projects",
      ["--all-projects", "--projects", "Fabrikam"],
      /--all-projects and --projects conflict/,
    ],
    [
      "--shard without --all-projects",
      ["--project", "Fabrikam", "--shard", "1/2"],
      /--shard needs --all-projects/,
    ],
    [
      "--shard 5/4",
      ["--all-projects", "--shard", "5/4"],
      /--shard: the shard index must be 1 to 4/,
    ],
    [
      "--shard 0/0",
      ["--all-projects", "--shard", "0/0"],
      /--shard: the shard count must be 1 to 1000/,
    ],
    ["--shard two", ["--all-projects", "--shard", "two"], /--shard: expected i\/n/],
    [
      "--concurrency 0",
      ["--all-projects", "--concurrency", "0"],
      /--concurrency must be a whole number from 1 to 32/,
    ],
    [
      "--concurrency 1000",
      ["--all-projects", "--concurrency", "1000"],
      /--concurrency must be a whole number/,
    ],
    [
      "--concurrency 2.5",
      ["--all-projects", "--concurrency", "2.5"],
      /--concurrency must be a whole number/,
    ],
    [
      "--concurrency alone",
      ["--project", "Fabrikam", "--concurrency", "2"],
      /--concurrency applies to --all-projects/,
    ],
    [
      "--projects with nothing in it",
      ["--projects", " , "],
      /--projects needs a comma-separated list/,
    ],
  ];
  it.each(cases)("%s is an input error", async (_name, flags, message) => {
    const result = await run(["compliance", ...org, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("--all-projects belongs to compliance only", async () => {
    const result = await run(["gates", ...org, "--all-projects"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--all-projects does not apply to "gates"/);
  });

  it("works with the embedded demo and bounded concurrency", async () => {
    const result = await runInProcess([
      "compliance",
      "--demo",
      "--all-projects",
      "--concurrency",
      "1",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Projects: 2 scanned, 0 not available/);
  }, 60_000);
});

describe("projects that cannot be read", () => {
  it("are not-available with the reason (exit 3), never failed, in every format", async () => {
    const target = single.projects[2].project;
    const orgPath = new URL(emulator.orgUrl).pathname;
    const proxy = await startForbiddingProxy(
      emulator.baseUrl,
      new RegExp(`^${orgPath}/${target.id}/_apis/git/repositories`, "i"),
    );
    try {
      const proxied = ["--org", `${proxy.baseUrl}${orgPath}`];
      const json = await scanAll("json", { via: proxied });
      expect(json.code).toBe(3);
      expect(proxy.forbiddenHits()).toBeGreaterThan(0);
      expect(json.stderr).toMatch(
        new RegExp(`not-available: project ${target.name}: permission \\(HTTP 403\\)`),
      );
      const report = JSON.parse(json.stdout) as OrgComplianceReport;
      const entry = report.projects.find((candidate) => candidate.project.id === target.id);
      expect(entry).toMatchObject({ status: "not-available", score: null });
      expect(report.summary.notAvailable).toEqual([
        {
          project: target,
          reason: expect.stringMatching(/^permission \(HTTP 403\): .*Access denied/),
        },
      ]);
      expect(report.summary.projectsScanned).toBe(single.projects.length - 1);
      // The other projects read exactly as without the proxy.
      const others = (r: OrgComplianceReport) =>
        r.projects
          .filter((candidate) => candidate.project.id !== target.id)
          .map((p) => p.project.id);
      expect(others(report)).toEqual(others(single));

      const sarif = await scanAll("sarif", { via: proxied });
      expect(sarif.code).toBe(3);
      const notes = (JSON.parse(sarif.stdout) as OrgSarifLog).runs[0].invocations[0]
        .toolExecutionNotifications;
      expect(notes).toEqual([
        expect.objectContaining({ properties: { projectId: target.id, projectName: target.name } }),
      ]);
      const table = await run(["compliance", ...proxied, "--all-projects"]);
      expect(table.stdout).toMatch(new RegExp(`Not available: ${target.name}: permission`));

      // Merged, the part that carries it keeps it, and the exit code stays partial.
      const parts: string[] = [];
      for (let index = 1; index <= 2; index++) {
        const part = await scanAll("sarif", { shard: `${index}/2`, via: proxied });
        parts.push(save(`forbidden-${index}.sarif`, part.stdout));
      }
      const merged = await run(["merge", "--format", "sarif", ...parts]);
      expect(merged.code).toBe(3);
      expect(
        (JSON.parse(merged.stdout) as OrgSarifLog).runs[0].invocations[0]
          .toolExecutionNotifications,
      ).toEqual(notes);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it("pages the project list to the end when pages come back short", async () => {
    emulator.setFaults({ truncatedPages: true });
    try {
      const result = await scanAll("json");
      expect(result.code).toBe(0);
      expect(stable(JSON.parse(result.stdout) as OrgComplianceReport)).toEqual(stable(single));
    } finally {
      emulator.setFaults({ truncatedPages: false });
    }
  }, 60_000);
});
