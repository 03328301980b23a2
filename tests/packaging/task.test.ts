/**
 * The ReleaseTrace@1 pipeline task as the .vsix ships it: one bundled file with no dev/ code,
 * task.json with both Node handlers, the agent version they need, and the package's version.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import packageJson from "../../package.json";

import { buildTask, TASK_DIR, taskManifestFor } from "../../scripts/build-task";

interface TaskJson {
  id: string;
  name: string;
  version: { Major: number; Minor: number; Patch: number };
  minimumAgentVersion: string;
  execution: Record<string, { target: string }>;
  inputs: { name: string; type: string; visibleRule?: string }[];
}

let inputs: string[];
let task: TaskJson;

beforeAll(async () => {
  ({ inputs } = await buildTask("prod"));
  task = JSON.parse(readFileSync(join(TASK_DIR, "task.json"), "utf8")) as TaskJson;
}, 60_000);

describe("the pipeline task folder", () => {
  it("holds task.json, one bundled index.js and the icon, nothing else", () => {
    expect(readdirSync(TASK_DIR).sort()).toEqual(["icon.png", "index.js", "task.json"]);
  });

  it("bundles no dev/ code (the emulator, the harness, the demo)", () => {
    expect(inputs.length).toBeGreaterThan(50);
    expect(inputs.filter((path) => /(^|\/)dev\//.test(path))).toEqual([]);
    expect(inputs.some((path) => path.includes("azure-pipelines-task-lib"))).toBe(true);
    expect(inputs.some((path) => path.startsWith("src/core/"))).toBe(true);
    const bundle = readFileSync(join(TASK_DIR, "index.js"), "utf8");
    // The CLI's --demo loads the emulator by a computed path at run time, never bundled: none of
    // the emulator's or the harness's own text is in the bundle.
    expect(bundle).not.toMatch(/Unknown emulator control route|_harness\/api|\/_emulator\/faults/);
  });

  it("runs on the Node24 handler with Node20_1 as the fallback, from the agent that has it", () => {
    expect(task.name).toBe("ReleaseTrace");
    expect(task.execution).toEqual({
      Node24: { target: "index.js" },
      Node20_1: { target: "index.js" },
    });
    // Node20_1 came with agent 3.232.1; an agent without Node24 falls back to it.
    expect(task.minimumAgentVersion).toBe("3.232.1");
  });

  it("is ReleaseTrace@1, Minor and Patch from the package's version", () => {
    const [, minor, patch] = packageJson.version.split(".").map((part) => parseInt(part, 10));
    expect(task.version).toEqual({ Major: 1, Minor: minor, Patch: patch });
  });

  it("has its own id and name in the dev package (two extensions cannot share a task)", () => {
    const prod = { id: task.id, name: "ReleaseTrace", friendlyName: "Release Trace" };
    const dev = taskManifestFor("dev", prod);
    expect(taskManifestFor("prod", prod)).toEqual(prod);
    expect(dev.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(dev.id).not.toBe(prod.id);
    expect(dev.name).toBe("ReleaseTraceDev");
    expect(taskManifestFor("dev", prod).id).toBe(dev.id);
  });

  it("shows each command's inputs only for that command", () => {
    const rule = (name: string) => task.inputs.find((input) => input.name === name)?.visibleRule;
    expect(rule("failOn")).toBe("command = compliance");
    expect(rule("failIfPendingOverHours")).toBe("command = gates");
    expect(rule("runId")).toBe("command = evidence");
  });
});
