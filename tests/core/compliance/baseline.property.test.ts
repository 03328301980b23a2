import fc from "fast-check";
import { dump } from "js-yaml";
import { parseBaselineDocument } from "../../../src/core/compliance/baseline/parse";
import { BaselineError, validateBaseline } from "../../../src/core/compliance/baseline/validate";
import type { Baseline } from "../../../src/core/compliance/baseline/types";
import { complianceRules } from "../../../src/core/compliance/rules";

/*
 * Baseline documents: every valid one survives a trip through YAML and JSON unchanged; every
 * mutation that makes one invalid is reported as a BaselineError naming the mutated path; and no
 * input at all makes validation throw anything else.
 */

type Document = Record<string, unknown>;

const severity = fc.constantFrom("high", "medium", "low");
const positive = fc.integer({ min: 1, max: 50 });
const text = fc.string({ minLength: 1, maxLength: 12 }).filter((value) => value.trim() !== "");
const refPattern = fc
  .array(fc.stringMatching(/^[A-Za-z0-9._*-]{1,6}$/), { minLength: 1, maxLength: 3 })
  .map((parts) => `refs/heads/${parts.join("/")}`);
const strategies = ["noFastForward", "squash", "rebase", "rebaseMerge"];

/** Valid parameters per rule (rules without parameters take none). */
const paramsOf: Record<string, fc.Arbitrary<Document>> = {
  "branch.min-reviewers": fc.record({ minimumApprovers: positive }, { requiredKeys: [] }),
  "branch.merge-strategy": fc.record(
    { allowed: fc.subarray(strategies, { minLength: 1 }) },
    { requiredKeys: [] },
  ),
  "environment.approval-required": fc.record(
    { pattern: text, minApprovers: positive },
    { requiredKeys: [] },
  ),
  "environment.branch-control": fc.record(
    { pattern: text, allowedBranches: fc.array(refPattern, { minLength: 1, maxLength: 3 }) },
    { requiredKeys: [] },
  ),
  "release.production-approval": fc.record(
    { pattern: text, minApprovers: positive },
    { requiredKeys: [] },
  ),
  "repository.file-size-limit": fc.record({ maxBytes: positive }, { requiredKeys: [] }),
};
const ruleIds = [...complianceRules.keys()];

function ruleConfig(ruleId: string): fc.Arbitrary<Document | null> {
  const params = paramsOf[ruleId] ?? fc.constant({});
  const withSeverity = fc
    .tuple(params, fc.option(severity, { nil: undefined }))
    .map(([values, level]) => (level === undefined ? values : { ...values, severity: level }));
  // A rule with nothing to set may be written as `rule-id:` (null) in YAML.
  return Object.keys(paramsOf).includes(ruleId)
    ? withSeverity
    : fc.oneof(withSeverity, fc.constant(null));
}

function exceptionFor(ruleId: string): fc.Arbitrary<Document> {
  const kind = complianceRules.get(ruleId)?.kind;
  const common = {
    rule: fc.constant(ruleId),
    justification: text,
    expires: fc
      .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10)),
  };
  return kind === "environment" || kind === "release-stage"
    ? fc.record({ ...common, target: text })
    : fc.record(
        { ...common, repository: text, branch: refPattern },
        { requiredKeys: ["rule", "justification", "expires", "repository"] },
      );
}

const validDocument: fc.Arbitrary<Document> = fc
  .subarray(ruleIds, { minLength: 1 })
  .chain((chosen) =>
    fc.record(
      {
        name: text,
        branches: fc.array(fc.oneof(fc.constant("default"), refPattern), {
          minLength: 1,
          maxLength: 3,
        }),
        rules: fc.record(Object.fromEntries(chosen.map((id) => [id, ruleConfig(id)]))),
        exceptions: fc.array(fc.constantFrom(...chosen).chain(exceptionFor), { maxLength: 3 }),
      },
      { requiredKeys: ["rules"] },
    ),
  );

/** What a loaded baseline says, in a form `toEqual` compares (the rule map as entries). */
function comparable(baseline: Baseline): unknown {
  return { ...baseline, rules: [...baseline.rules.entries()] };
}

function problemPaths(document: unknown): string[] {
  try {
    validateBaseline(document, "baseline.yml");
  } catch (error) {
    if (error instanceof BaselineError) return error.problems.map((problem) => problem.path);
    throw error;
  }
  return [];
}

/** A mutation that breaks a valid document, and the path its message must name. */
interface Mutation {
  path: string;
  apply(document: Document): void;
}

function rulesOf(document: Document): Record<string, Document | null> {
  return document.rules as Record<string, Document | null>;
}

function mutations(document: Document): fc.Arbitrary<Mutation> {
  const chosen = Object.keys(rulesOf(document));
  const someRule = fc.constantFrom(...chosen);
  const options: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom("colour", "rule", "Rules", "exception").map((key) => ({
      path: key,
      apply: (d: Document) => void (d[key] = true),
    })),
    fc.constantFrom(42, true, ["a"], { a: 1 }).map((value) => ({
      path: "name",
      apply: (d: Document) => void (d.name = value),
    })),
    fc.constantFrom([], "default", 3, {}).map((value) => ({
      path: "branches",
      apply: (d: Document) => void (d.branches = value),
    })),
    fc.constantFrom("main", "heads/main", "", 7, null).map((value) => ({
      path: "branches[0]",
      apply: (d: Document) => void (d.branches = [value]),
    })),
    fc.constantFrom({}, [], "all", null).map((value) => ({
      path: "rules",
      apply: (d: Document) => void (d.rules = value),
    })),
    // Unknown ids, including names every object inherits.
    fc
      .constantFrom(
        "branch.min-reviewer",
        "Branch.min-reviewers",
        "toString",
        "constructor",
        "hasOwnProperty",
      )
      .map((id) => ({
        path: `rules.${id}`,
        apply: (d: Document) => void (rulesOf(d)[id] = {}),
      })),
    fc.tuple(someRule, fc.constantFrom("critical", "HIGH", 1, "")).map(([id, value]) => ({
      path: `rules.${id}.severity`,
      apply: (d: Document) =>
        void (rulesOf(d)[id] = { ...(rulesOf(d)[id] ?? {}), severity: value }),
    })),
    fc
      .tuple(someRule, fc.constantFrom("minimumApprover", "toString", "valueOf", "max"))
      .map(([id, key]) => ({
        path: `rules.${id}.${key}`,
        apply: (d: Document) => void (rulesOf(d)[id] = { ...(rulesOf(d)[id] ?? {}), [key]: 1 }),
      })),
    fc.constantFrom(0, -1, 1.5, "2", null, true).map((value) => ({
      path: "rules.branch.min-reviewers.minimumApprovers",
      apply: (d: Document) =>
        void (rulesOf(d)["branch.min-reviewers"] = { minimumApprovers: value }),
    })),
    fc.constantFrom("fast", "toString", "constructor", "__proto__", 3).map((value) => ({
      path: "rules.branch.merge-strategy.allowed[0]",
      apply: (d: Document) => void (rulesOf(d)["branch.merge-strategy"] = { allowed: [value] }),
    })),
    fc.constantFrom("everything", {}, 1).map((value) => ({
      path: "exceptions",
      apply: (d: Document) => void (d.exceptions = value),
    })),
    fc
      .tuple(someRule, fc.constantFrom("soon", "31/03/2027", "2027-13-45", "", 20270331))
      .chain(([id, expires]) =>
        exceptionFor(id).map((exception) => ({
          path: "exceptions[0].expires",
          apply: (d: Document) => void (d.exceptions = [{ ...exception, expires }]),
        })),
      ),
    fc.tuple(someRule, fc.constantFrom("", "   ", 5, null)).chain(([id, justification]) =>
      exceptionFor(id).map((exception) => ({
        path: "exceptions[0].justification",
        apply: (d: Document) => void (d.exceptions = [{ ...exception, justification }]),
      })),
    ),
  ];
  return fc.oneof(...options);
}

describe("baseline documents (property)", () => {
  it("a valid document reads the same from YAML and from JSON as from memory", () => {
    fc.assert(
      fc.property(validDocument, (document) => {
        const expected = comparable(validateBaseline(structuredClone(document), "b"));
        const fromJson = parseBaselineDocument(JSON.stringify(document), "b.json", "json");
        const fromYaml = parseBaselineDocument(dump(document), "b.yml", "yaml");
        expect(comparable(validateBaseline(fromJson, "b"))).toEqual(expected);
        expect(comparable(validateBaseline(fromYaml, "b"))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("a mutation that breaks a valid document is reported at the mutated path", () => {
    fc.assert(
      fc.property(
        validDocument.chain((document) => fc.tuple(fc.constant(document), mutations(document))),
        ([document, mutation]) => {
          const broken = structuredClone(document);
          // The min-reviewers and merge-strategy mutations add their rule; keep exceptions valid.
          mutation.apply(broken);
          expect(problemPaths(broken)).toContain(mutation.path);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("any JSON value, or a valid document with any value put anywhere, fails only as a BaselineError", () => {
    const replaced = validDocument.chain((document) =>
      fc
        .tuple(
          fc.constantFrom(
            "name",
            "branches",
            "rules",
            "exceptions",
            ...Object.keys(rulesOf(document)),
          ),
          fc.jsonValue({ maxDepth: 3 }),
        )
        .map(([key, value]) => {
          const copy = structuredClone(document);
          if (key in rulesOf(copy)) rulesOf(copy)[key] = value as Document;
          else copy[key] = value;
          return copy;
        }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), replaced), (document) => {
        expect(() => problemPaths(document)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe("baseline documents: counterexamples found by the properties", () => {
  it.each(["toString", "constructor", "__proto__"])(
    "rejects the inherited name %s as a merge strategy",
    (name) => {
      expect(problemPaths({ rules: { "branch.merge-strategy": { allowed: [name] } } })).toEqual([
        "rules.branch.merge-strategy.allowed[0]",
      ]);
    },
  );
});
