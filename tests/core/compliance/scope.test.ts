import {
  isEnforced,
  policiesForDefaultBranch,
  policyApplies,
  scopeCovers,
  type ScopeTarget,
} from "../../../src/core/compliance/scope";
import type { PolicyConfiguration, PolicyScope } from "../../../src/core/model";

const repoA: ScopeTarget = {
  id: "aaaaaaaa-0000-0000-0000-000000000001",
  defaultBranch: "refs/heads/main",
};
const emptyRepo: ScopeTarget = { id: "bbbbbbbb-0000-0000-0000-000000000002" };

describe("scopeCovers", () => {
  const cases: [string, PolicyScope, ScopeTarget, string | undefined, boolean][] = [
    [
      "exact on same repo",
      { repositoryId: repoA.id, refName: "refs/heads/main", matchKind: "Exact" },
      repoA,
      "refs/heads/main",
      true,
    ],
    [
      "exact is case-insensitive (kind and ref)",
      { repositoryId: repoA.id, refName: "refs/heads/MAIN", matchKind: "exact" },
      repoA,
      "refs/heads/main",
      true,
    ],
    [
      "repository id compared case-insensitively",
      { repositoryId: repoA.id.toUpperCase(), refName: "refs/heads/main", matchKind: "Exact" },
      repoA,
      "refs/heads/main",
      true,
    ],
    [
      "exact other branch",
      { repositoryId: repoA.id, refName: "refs/heads/dev", matchKind: "Exact" },
      repoA,
      "refs/heads/main",
      false,
    ],
    [
      "exact other repository",
      { repositoryId: emptyRepo.id, refName: "refs/heads/main", matchKind: "Exact" },
      repoA,
      "refs/heads/main",
      false,
    ],
    [
      "null repository = every repository",
      { repositoryId: null, refName: "refs/heads/main", matchKind: "Exact" },
      repoA,
      "refs/heads/main",
      true,
    ],
    [
      "prefix matches",
      { repositoryId: null, refName: "refs/heads/release/", matchKind: "Prefix" },
      repoA,
      "refs/heads/release/1.0",
      true,
    ],
    [
      "prefix case-insensitive",
      { repositoryId: null, refName: "refs/heads/Release/", matchKind: "prefix" },
      repoA,
      "refs/heads/release/1.0",
      true,
    ],
    [
      "prefix not matching",
      { repositoryId: null, refName: "refs/heads/release/", matchKind: "Prefix" },
      repoA,
      "refs/heads/main",
      false,
    ],
    [
      "default branch follows the repository",
      { repositoryId: null, matchKind: "DefaultBranch" },
      repoA,
      "refs/heads/main",
      true,
    ],
    [
      "default branch on another branch",
      { repositoryId: null, matchKind: "DefaultBranch" },
      repoA,
      "refs/heads/dev",
      false,
    ],
    [
      "default branch on an empty repository",
      { repositoryId: null, matchKind: "DefaultBranch" },
      emptyRepo,
      "refs/heads/main",
      false,
    ],
    [
      "repository policy (no ref, no kind) covers any branch",
      { repositoryId: repoA.id },
      repoA,
      "refs/heads/feature/x",
      true,
    ],
    [
      "repository policy with null ref and kind",
      { repositoryId: null, refName: null, matchKind: null },
      repoA,
      "refs/heads/main",
      true,
    ],
    [
      "repository policy covers an empty repository",
      { repositoryId: null },
      emptyRepo,
      undefined,
      true,
    ],
    [
      "branch policy does not cover 'no branch'",
      { repositoryId: null, refName: "refs/heads/main", matchKind: "Exact" },
      emptyRepo,
      undefined,
      false,
    ],
    [
      "unknown match kind covers nothing",
      { repositoryId: null, refName: "refs/heads/main", matchKind: "Glob" },
      repoA,
      "refs/heads/main",
      false,
    ],
  ];
  it.each(cases)("%s", (_name, scope, repository, refName, expected) => {
    expect(scopeCovers(scope, repository, refName)).toBe(expected);
  });
});

function config(overrides: Partial<PolicyConfiguration>): PolicyConfiguration {
  return {
    id: 1,
    revision: 1,
    typeId: "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd",
    isEnabled: true,
    isBlocking: true,
    isDeleted: false,
    settings: {},
    scopes: [],
    ...overrides,
  };
}

describe("policyApplies / policiesForDefaultBranch", () => {
  const exactMain = config({
    id: 1,
    scopes: [{ repositoryId: repoA.id, refName: "refs/heads/main", matchKind: "Exact" }],
  });
  const otherRepo = config({
    id: 2,
    scopes: [{ repositoryId: emptyRepo.id, refName: "refs/heads/main", matchKind: "Exact" }],
  });
  const multiScope = config({
    id: 3,
    scopes: [
      { repositoryId: emptyRepo.id, refName: "refs/heads/main", matchKind: "Exact" },
      { repositoryId: null, matchKind: "DefaultBranch" },
    ],
  });
  const deleted = config({ id: 4, isDeleted: true, scopes: [{ repositoryId: null }] });
  const repoPolicy = config({ id: 5, scopes: [{ repositoryId: null }] });

  it("applies when any scope entry covers", () => {
    expect(policyApplies(multiScope, repoA, "refs/heads/main")).toBe(true);
  });
  it("never applies when deleted", () => {
    expect(policyApplies(deleted, repoA, "refs/heads/main")).toBe(false);
  });
  it("selects the configurations of the default branch", () => {
    const ids = policiesForDefaultBranch(
      [exactMain, otherRepo, multiScope, deleted, repoPolicy],
      repoA,
    ).map((c) => c.id);
    expect(ids).toEqual([1, 3, 5]);
  });
  it("selects only repository policies for an empty repository", () => {
    const ids = policiesForDefaultBranch(
      [exactMain, otherRepo, multiScope, deleted, repoPolicy],
      emptyRepo,
    ).map((c) => c.id);
    expect(ids).toEqual([5]);
  });
});

describe("isEnforced", () => {
  it.each([
    [true, true, false, true],
    [false, true, false, false],
    [true, false, false, false],
    [true, true, true, false],
  ])("enabled=%s blocking=%s deleted=%s → %s", (isEnabled, isBlocking, isDeleted, expected) => {
    expect(isEnforced(config({ isEnabled, isBlocking, isDeleted }))).toBe(expected);
  });
});
