import { settingsLink } from "../../../src/core/compliance/links";

const org = "https://dev.azure.com/fabrikam/";

describe("settingsLink", () => {
  it.each([
    [
      "a branch rule → the branch policy page of that branch",
      { target: { kind: "repository" as const, id: "r&1", name: "web" }, branch: "refs/heads/a b" },
      "https://dev.azure.com/fabrikam/My%20Project/_settings/repositories?repo=r%261&_a=policiesMid&refs=refs%2Fheads%2Fa%20b",
    ],
    [
      "a repository rule → the repository's policies",
      { target: { kind: "repository" as const, id: "r1", name: "web" }, branch: null },
      "https://dev.azure.com/fabrikam/My%20Project/_settings/repositories?repo=r1&_a=policies",
    ],
    [
      "an environment rule → the environment",
      { target: { kind: "environment" as const, id: "7", name: "prod" }, branch: null },
      "https://dev.azure.com/fabrikam/My%20Project/_environments/7",
    ],
    [
      "a Classic stage rule → its release definition",
      {
        target: { kind: "release-stage" as const, id: "3:12", name: "web / Production" },
        branch: null,
      },
      "https://dev.azure.com/fabrikam/My%20Project/_release?_a=releases&definitionId=3",
    ],
  ])("%s", (_name, result, expected) => {
    expect(settingsLink(org, "My Project", result)).toBe(expected);
  });

  it("has no link for data that could not be read", () => {
    expect(
      settingsLink(org, "P", { target: { kind: "environment", id: "*", name: "*" }, branch: null }),
    ).toBeUndefined();
  });
});
