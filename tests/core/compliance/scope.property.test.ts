import fc from "fast-check";
import { validateBaseline } from "../../../src/core/compliance/baseline/validate";
import { evaluateCompliance } from "../../../src/core/compliance/evaluate";
import {
  policiesForDefaultBranch,
  policyApplies,
  scopeCovers,
  type ScopeTarget,
} from "../../../src/core/compliance/scope";
import type { PolicyConfiguration, PolicyScope, Repository } from "../../../src/core/model";
import { PolicyTypeIds } from "../../../src/core/model";

/*
 * Scope matching (contracts §3.2) against a reference model written straight from the contract's
 * pseudocode: repositoryId null covers every repository, a scope without ref and match kind is a
 * repository policy, Exact/Prefix compare case-insensitively, DefaultBranch follows the repository.
 */

const RUNS = { numRuns: 200 };

/**
 * Case-insensitive the way the service compares (ordinal, ignoring case): each code point by its
 * one-character upper case, if it has one.
 */
function fold(text: string): string {
  return [...text]
    .map((character) => {
      const upper = character.toUpperCase();
      return [...upper].length === 1 ? upper : character;
    })
    .join("");
}

/** The same text with some characters switched to their other one-character case. */
function caseVariant(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.mixedCase(text, {
    toggleCase: (character) => {
      const upper = character.toUpperCase();
      if (upper !== character && [...upper].length === 1) return upper;
      const lower = character.toLowerCase();
      return [...lower].length === 1 ? lower : character;
    },
  });
}

function referenceCovers(scope: PolicyScope, repo: ScopeTarget, ref: string | undefined): boolean {
  if (scope.repositoryId != null && fold(scope.repositoryId) !== fold(repo.id)) return false;
  const kind = scope.matchKind ?? undefined;
  const scopeRef = scope.refName ?? undefined;
  if (kind === undefined && scopeRef === undefined) return true;
  if (ref === undefined || kind === undefined) return false;
  switch (kind.toLowerCase()) {
    case "exact":
      return scopeRef !== undefined && fold(scopeRef) === fold(ref);
    case "prefix":
      return scopeRef !== undefined && fold(ref).startsWith(fold(scopeRef));
    case "defaultbranch":
      return repo.defaultBranch !== undefined && fold(repo.defaultBranch) === fold(ref);
    default:
      return false;
  }
}

// Ref segments mix ASCII with letters whose case mapping is not one-to-one (σ/ς, ß, İ).
const segment = fc.stringMatching(/^[A-Za-z0-9._ΣσςßİıK-]{1,6}$/);
const refName = fc
  .array(segment, { minLength: 1, maxLength: 4 })
  .map((parts) => `refs/heads/${parts.join("/")}`);
const repositoryIds = [
  "0f8fad5b-d9cb-469f-a165-70867728950e",
  "7c9e6679-7425-40de-944b-e07fc1f90ae7",
];
const repositoryId = fc.constantFrom(...repositoryIds);
const target: fc.Arbitrary<ScopeTarget> = fc.record(
  { id: repositoryId, defaultBranch: refName },
  { requiredKeys: ["id"] },
);
const matchKind = fc.constantFrom("Exact", "exact", "Prefix", "PREFIX", "DefaultBranch", "Other");
const scope: fc.Arbitrary<PolicyScope> = fc.oneof(
  fc.record({
    repositoryId: fc.option(fc.mixedCase(repositoryId), { nil: null }),
    refName: refName,
    matchKind,
  }),
  // DefaultBranch scopes come without ref; repository (push) policies without ref and kind.
  fc.record({
    repositoryId: fc.option(repositoryId, { nil: null }),
    matchKind: fc.constant("DefaultBranch"),
  }),
  fc.record({ repositoryId: fc.option(repositoryId, { nil: null }) }),
);

describe("scope matching (property)", () => {
  it("agrees with the contract's reference model", () => {
    fc.assert(
      fc.property(scope, target, fc.option(refName, { nil: undefined }), (entry, repo, ref) => {
        expect(scopeCovers(entry, repo, ref)).toBe(referenceCovers(entry, repo, ref));
      }),
      RUNS,
    );
  });

  it("an exact scope covers its own ref in any case, and no ref that differs otherwise", () => {
    fc.assert(
      fc.property(
        repositoryId,
        refName.chain((own) => fc.tuple(fc.constant(own), caseVariant(fc.constant(own)))),
        refName,
        (id, [own, variant], other) => {
          const exact: PolicyScope = { repositoryId: id, refName: own, matchKind: "Exact" };
          const repo = { id };
          expect(scopeCovers(exact, repo, own)).toBe(true);
          expect(scopeCovers(exact, repo, variant)).toBe(true);
          expect(scopeCovers(exact, repo, other)).toBe(fold(other) === fold(own));
        },
      ),
      RUNS,
    );
  });

  it("a prefix scope covers every ref under it and nothing outside it", () => {
    fc.assert(
      fc.property(
        repositoryId,
        fc
          .tuple(refName, fc.string({ maxLength: 12 }))
          .chain(([prefix, rest]) =>
            fc.tuple(fc.constant(prefix), caseVariant(fc.constant(`${prefix}${rest}`))),
          ),
        refName,
        (id, [prefix, under], other) => {
          const entry: PolicyScope = { repositoryId: id, refName: prefix, matchKind: "Prefix" };
          expect(scopeCovers(entry, { id }, under)).toBe(true);
          expect(scopeCovers(entry, { id }, other)).toBe(fold(other).startsWith(fold(prefix)));
        },
      ),
      RUNS,
    );
  });

  it("a scope without repository applies to every repository; one with a repository only to it", () => {
    fc.assert(
      fc.property(refName, matchKind, target, (ref, kind, repo) => {
        const everywhere: PolicyScope = { repositoryId: null, refName: ref, matchKind: kind };
        const pinned: PolicyScope = { ...everywhere, repositoryId: repo.id };
        const otherRepo = { ...repo, id: repositoryIds.find((id) => id !== repo.id) as string };
        expect(scopeCovers(everywhere, repo, ref)).toBe(scopeCovers(pinned, repo, ref));
        expect(scopeCovers(everywhere, otherRepo, ref)).toBe(scopeCovers(pinned, repo, ref));
        expect(scopeCovers(pinned, otherRepo, ref)).toBe(false);
      }),
      RUNS,
    );
  });

  it("a deleted configuration never applies; otherwise any covering scope is enough", () => {
    fc.assert(
      fc.property(
        fc.array(scope, { maxLength: 4 }),
        fc.boolean(),
        target,
        fc.option(refName, { nil: undefined }),
        (scopes, isDeleted, repo, ref) => {
          const configuration = policyOf(1, PolicyTypeIds.build, scopes, { isDeleted });
          const expected = !isDeleted && scopes.some((entry) => referenceCovers(entry, repo, ref));
          expect(policyApplies(configuration, repo, ref)).toBe(expected);
        },
      ),
      RUNS,
    );
  });

  it("policiesForDefaultBranch keeps exactly the configurations the model applies, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(scope, { maxLength: 3 }), { maxLength: 6 }),
        target,
        (all, repo) => {
          const configurations = all.map((scopes, index) =>
            policyOf(index + 1, PolicyTypeIds.build, scopes),
          );
          const expected = configurations
            .filter((c) =>
              c.scopes.some((entry) => referenceCovers(entry, repo, repo.defaultBranch)),
            )
            .map((c) => c.id);
          expect(policiesForDefaultBranch(configurations, repo).map((c) => c.id)).toEqual(expected);
        },
      ),
      RUNS,
    );
  });
});

describe("scope matching: counterexamples found by the properties", () => {
  const id = repositoryIds[0];
  it("a prefix ending in Σ covers refs that continue after it (whole-string lower case made it ς)", () => {
    const entry: PolicyScope = { repositoryId: id, refName: "refs/heads/ΑΣ", matchKind: "Prefix" };
    expect(scopeCovers(entry, { id }, "refs/heads/ΑΣΒ")).toBe(true);
    expect(scopeCovers(entry, { id }, "refs/heads/ασβ")).toBe(true);
  });
  it("an exact scope on ı covers I, as ordinal ignore-case does", () => {
    const entry: PolicyScope = { repositoryId: id, refName: "refs/heads/ı", matchKind: "Exact" };
    expect(scopeCovers(entry, { id }, "refs/heads/I")).toBe(true);
  });
  it("ß and SS are different refs", () => {
    const entry: PolicyScope = { repositoryId: id, refName: "refs/heads/ß", matchKind: "Exact" };
    expect(scopeCovers(entry, { id }, "refs/heads/SS")).toBe(false);
  });
});

describe("effective policies in a compliance evaluation (property)", () => {
  const baseline = validateBaseline(
    { branches: ["default"], rules: { "branch.build-validation": {} } },
    "property",
  );
  const policyFlags = fc.record({
    isEnabled: fc.boolean(),
    isBlocking: fc.boolean(),
    isDeleted: fc.boolean(),
  });

  it("build validation passes on exactly the enforced build policies the model applies", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            scopes: fc.array(scope, { minLength: 1, maxLength: 3 }),
            flags: policyFlags,
            // A policy of another type must never count, whatever its scope.
            typeId: fc.constantFrom(
              PolicyTypeIds.build,
              PolicyTypeIds.build,
              PolicyTypeIds.workItemLinking,
            ),
          }),
          { maxLength: 6 },
        ),
        fc.array(refName, { minLength: 1, maxLength: 2 }),
        (drafts, defaultBranches) => {
          const policies = drafts.map((draft, index) =>
            policyOf(index + 1, draft.typeId, draft.scopes, draft.flags),
          );
          const repositories: Repository[] = defaultBranches.map((branch, index) => ({
            id: repositoryIds[index].toUpperCase(),
            name: `repo-${index}`,
            projectId: "p1",
            defaultBranch: branch,
            isDisabled: false,
          }));
          const { results } = evaluateCompliance({
            organization: "fabrikam",
            project: { id: "p1", name: "Project" },
            repositories,
            policies,
            refs: new Map(),
            baseline,
            now: new Date("2026-01-01T00:00:00Z"),
          });
          expect(results).toHaveLength(repositories.length);
          for (const [index, repository] of repositories.entries()) {
            const target = { id: repository.id, defaultBranch: repository.defaultBranch };
            const applicable = policies.filter(
              (p) =>
                p.typeId === PolicyTypeIds.build &&
                !p.isDeleted &&
                p.scopes.some((entry) => referenceCovers(entry, target, repository.defaultBranch)),
            );
            const enforced = applicable.filter((p) => p.isEnabled && p.isBlocking);
            const result = results[index];
            expect(result.outcome).toBe(enforced.length > 0 ? "pass" : "fail");
            const expectedIds = (enforced.length > 0 ? enforced : applicable).map((p) => p.id);
            expect(result.policyIds).toEqual(expectedIds);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

function policyOf(
  id: number,
  typeId: string,
  scopes: PolicyScope[],
  flags: Partial<Pick<PolicyConfiguration, "isEnabled" | "isBlocking" | "isDeleted">> = {},
): PolicyConfiguration {
  return {
    id,
    revision: 1,
    typeId,
    isEnabled: true,
    isBlocking: true,
    isDeleted: false,
    settings: {},
    scopes,
    ...flags,
  };
}
