import Ajv from "ajv";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultBaselineDocument } from "../../../src/core/compliance/baseline/default";
import { baselineJsonSchema } from "../../../src/core/compliance/baseline/schema";
import { validateBaseline } from "../../../src/core/compliance/baseline/validate";

const publishedPath = join(__dirname, "../../../schemas/baseline.schema.json");

describe("published baseline JSON Schema", () => {
  const generated = `${JSON.stringify(baselineJsonSchema(), null, 2)}\n`;

  it("is current (regenerate with UPDATE_SCHEMAS=1 npx jest schema)", () => {
    if (process.env.UPDATE_SCHEMAS === "1") writeFileSync(publishedPath, generated);
    expect(readFileSync(publishedPath, "utf8")).toBe(generated);
  });

  const validate = new Ajv({ allErrors: true }).compile(baselineJsonSchema());
  const accepts = (document: unknown): [boolean, boolean] => {
    let engine = true;
    try {
      validateBaseline(document, "sample");
    } catch {
      engine = false;
    }
    return [validate(document) as boolean, engine];
  };

  it.each([
    ["the default baseline", defaultBaselineDocument, true],
    [
      "patterns and exceptions",
      {
        branches: ["default", "refs/heads/release/*"],
        rules: { "branch.min-reviewers": { minimumApprovers: 3, severity: "medium" } },
        exceptions: [
          {
            rule: "branch.min-reviewers",
            repository: "web",
            justification: "x",
            expires: "2027-01-01",
          },
        ],
      },
      true,
    ],
    [
      "every additional rule with parameters and a target exception",
      {
        rules: {
          "repository.file-size-limit": { maxBytes: 2097152 },
          "repository.secrets-scanning": null,
          "repository.commit-author-email": { severity: "low" },
          "environment.approval-required": { pattern: "prod*", minApprovers: 2 },
          "environment.branch-control": { allowedBranches: ["refs/heads/main"] },
          "release.production-approval": { pattern: "Production" },
        },
        exceptions: [
          {
            rule: "environment.branch-control",
            target: "prod-eu",
            justification: "x",
            expires: "2027-01-01",
          },
          {
            rule: "repository.secrets-scanning",
            repository: "web",
            justification: "x",
            expires: "2027-01-01",
          },
        ],
      },
      true,
    ],
    [
      "an environment exception naming a repository",
      {
        rules: { "environment.branch-control": {} },
        exceptions: [
          {
            rule: "environment.branch-control",
            repository: "web",
            justification: "x",
            expires: "2027-01-01",
          },
        ],
      },
      false,
    ],
    [
      "a repository exception naming a target",
      {
        rules: { "repository.secrets-scanning": {} },
        exceptions: [
          {
            rule: "repository.secrets-scanning",
            target: "prod",
            justification: "x",
            expires: "2027-01-01",
          },
        ],
      },
      false,
    ],
    ["an empty pattern", { rules: { "environment.approval-required": { pattern: "" } } }, false],
    [
      "a branch list without refs/",
      { rules: { "environment.branch-control": { allowedBranches: ["main"] } } },
      false,
    ],
    [
      "a file size in text",
      { rules: { "repository.file-size-limit": { maxBytes: "2MB" } } },
      false,
    ],
    [
      "gap rules switched off, graded and excepted",
      {
        rules: { "branch.build-validation": {} },
        gaps: {
          "trace.commit-without-work-item": false,
          "trace.prod-without-approval": { severity: "medium" },
          "trace.open-work-item-deployed": { closedStates: ["Shipped"] },
          "trace.pr-policy-bypass": null,
        },
        exceptions: [
          {
            rule: "trace.pr-policy-bypass",
            pullRequest: 4,
            justification: "x",
            expires: "2027-01-01",
          },
          {
            rule: "trace.prod-without-approval",
            target: "prod",
            pipeline: "web",
            justification: "x",
            expires: "2027-01-01",
          },
        ],
      },
      true,
    ],
    [
      "a gap exception with no selector",
      {
        rules: { "branch.build-validation": {} },
        exceptions: [{ rule: "trace.pr-policy-bypass", justification: "x", expires: "2027-01-01" }],
      },
      false,
    ],
    [
      "a gap selector on a compliance rule",
      {
        rules: { "branch.build-validation": {} },
        exceptions: [
          {
            rule: "branch.build-validation",
            repository: "web",
            workItem: 3,
            justification: "x",
            expires: "2027-01-01",
          },
        ],
      },
      false,
    ],
    [
      "an unknown gap rule",
      { rules: { "branch.build-validation": {} }, gaps: { "trace.nope": {} } },
      false,
    ],
    ["an unknown rule", { rules: { "branch.unknown": {} } }, false],
    ["a bad parameter", { rules: { "branch.min-reviewers": { minimumApprovers: 0 } } }, false],
    ["an unknown key", { rules: { "branch.build-validation": {} }, extra: 1 }, false],
    ["a bad branch", { branches: ["main"], rules: { "branch.build-validation": {} } }, false],
  ])("schema and engine agree on %s", (_name, document, valid) => {
    expect(accepts(document)).toEqual([valid, valid]);
  });
});
