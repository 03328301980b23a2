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
    ["an unknown rule", { rules: { "branch.unknown": {} } }, false],
    ["a bad parameter", { rules: { "branch.min-reviewers": { minimumApprovers: 0 } } }, false],
    ["an unknown key", { rules: { "branch.build-validation": {} }, extra: 1 }, false],
    ["a bad branch", { branches: ["main"], rules: { "branch.build-validation": {} } }, false],
  ])("schema and engine agree on %s", (_name, document, valid) => {
    expect(accepts(document)).toEqual([valid, valid]);
  });
});
