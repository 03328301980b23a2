/*
 * Supply chain: no pipeline step in a template or in the README installs a package that is not
 * pinned, and no step that has a token in its environment installs anything. A bare package name
 * resolved against a registry would hand the pipeline's token to whoever registers that name.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { installProblems, type PipelineStep } from "./supplyChainRules";

const ROOT = join(__dirname, "..", "..");

function stepsOf(node: unknown, out: PipelineStep[] = []): PipelineStep[] {
  if (Array.isArray(node)) node.forEach((item) => stepsOf(item, out));
  else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    const script = record.script ?? record.bash ?? record.pwsh ?? record.powershell;
    if (typeof script === "string") {
      out.push({ script, env: (record.env ?? {}) as Record<string, unknown> });
    }
    Object.values(record).forEach((value) => stepsOf(value, out));
  }
  return out;
}

function readmeSteps(): PipelineStep[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const steps: PipelineStep[] = [];
  for (const block of readme.matchAll(/```(yaml|yml|sh|bash)\n([\s\S]*?)```/g)) {
    if (block[1].startsWith("y")) steps.push(...stepsOf(load(block[2])));
    else steps.push({ script: block[2], env: {}, shell: true });
  }
  return steps;
}

describe("supply chain of the documented pipeline steps", () => {
  const templates = readdirSync(join(ROOT, "templates")).filter((name) => /\.ya?ml$/.test(name));

  it.each(templates)("templates/%s installs nothing unpinned", (name) => {
    const template = load(readFileSync(join(ROOT, "templates", name), "utf8")) as {
      parameters?: { name: string; default?: unknown }[];
    };
    // A step's script may be a parameter (`${{ parameters.installCommand }}`): judge its default.
    const defaults = new Map((template.parameters ?? []).map((p) => [p.name, p.default]));
    const steps = stepsOf(template).map((step) => ({
      ...step,
      script: step.script.replace(/\$\{\{\s*parameters\.(\w+)\s*\}\}/g, (whole, key: string) =>
        defaults.has(key) ? String(defaults.get(key) ?? "") : whole,
      ),
    }));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.flatMap(installProblems)).toEqual([]);
  });

  it("the README's pipeline and shell snippets install nothing unpinned", () => {
    expect(readmeSteps().flatMap(installProblems)).toEqual([]);
  });

  it.each([
    ["a bare registry name", "npm install --global release-trace", {}],
    ["a bare name with a token", "npm i -g release-trace@1.0.0", { SYSTEM_ACCESSTOKEN: "x" }],
    [
      "npx that may download, with a token",
      "npx release-trace compliance",
      { X: "$(System.AccessToken)" },
    ],
    ["a tarball never checked", "npm install --global ./release-trace.tgz", {}],
    [
      "any install beside a token",
      "npm ci && release-trace gates",
      { AZURE_DEVOPS_EXT_PAT: "$(pat)" },
    ],
    ["yarn", "yarn global add release-trace", {}],
  ])("catches %s", (_what, script, env) => {
    expect(installProblems({ script, env })).not.toEqual([]);
  });

  it.each([
    ["npm ci from the lock file, no token", "npm ci", {}],
    [
      "npx that never downloads",
      "npx --no-install release-trace gates",
      { SYSTEM_ACCESSTOKEN: "x" },
    ],
    [
      "a tarball checked by sha512",
      'expected="${I#sha512-}"\n[ "$(openssl dgst -sha512 -binary t.tgz | openssl base64 -A)" = "$expected" ]\nnpm install --global --ignore-scripts "$(Agent.TempDirectory)/release-trace.tgz"',
      {},
    ],
  ])("accepts %s", (_what, script, env) => {
    expect(installProblems({ script, env })).toEqual([]);
  });
});
