import { parseArtifactUri } from "../../src/adapters/ado/mappers";

const P = "d5d6109b-64fa-4228-b754-825caceadf88";
const R = "20836fb3-eb89-4c78-9219-e449ed1a1ad9";
const SHA = "b797269a01072c0b80d7835017c2ee5e71bda4d0";

describe("parseArtifactUri", () => {
  it.each([
    [
      `vstfs:///Git/Commit/${P}%2F${R}%2F${SHA}`,
      { kind: "commit", projectId: P, repositoryId: R, commitId: SHA },
    ],
    [
      `vstfs:///Git/Commit/${P}%2f${R}%2f${SHA}`,
      { kind: "commit", projectId: P, repositoryId: R, commitId: SHA },
    ],
    [
      `VSTFS:///git/commit/${P}%2F${R}%2F${SHA}`,
      { kind: "commit", projectId: P, repositoryId: R, commitId: SHA },
    ],
    [
      `vstfs:///Git/PullRequestId/${P}%2f${R}%2f57`,
      { kind: "pullRequest", projectId: P, repositoryId: R, pullRequestId: 57 },
    ],
    [
      `vstfs:///Git/Ref/${P}%2F${R}%2FGBmain`,
      { kind: "branch", projectId: P, repositoryId: R, branch: "main" },
    ],
    [
      `vstfs:///Git/Ref/${P}%2F${R}%2FGBrelease%2F1.0`,
      { kind: "branch", projectId: P, repositoryId: R, branch: "release/1.0" },
    ],
    [
      `vstfs:///Git/Ref/${P}%2f${R}%2fGBfeature%2fa%2fb`,
      { kind: "branch", projectId: P, repositoryId: R, branch: "feature/a/b" },
    ],
    [
      `vstfs:///Git/Ref/${P}%2F${R}%2FGBf%C3%BCr-%23123`,
      { kind: "branch", projectId: P, repositoryId: R, branch: "für-#123" },
    ],
    [
      `vstfs:///Git/Ref/${P}%2F${R}%2FGTv1.2.0`,
      { kind: "tag", projectId: P, repositoryId: R, tag: "v1.2.0" },
    ],
    ["vstfs:///Build/Build/636", { kind: "build", buildId: 636 }],
    [
      "vstfs:///ReleaseManagement/ReleaseEnvironment/cc345a36-9ca7-4723-b816-60f46b4ea176:16252:51414",
      {
        kind: "releaseEnvironment",
        projectId: "cc345a36-9ca7-4723-b816-60f46b4ea176",
        releaseId: 16252,
        environmentId: 51414,
      },
    ],
  ])("%s", (uri, expected) => {
    expect(parseArtifactUri(uri)).toEqual(expected);
  });

  it.each([
    "vstfs:///GitHub/Commit/0f1e%2Fabc123",
    "vstfs:///VersionControl/Changeset/123",
    `vstfs:///Git/Commit/${P}%2F${R}`,
    `vstfs:///Git/PullRequestId/${P}%2F${R}%2Fnot-a-number`,
    `vstfs:///Git/Ref/${P}%2F${R}%2FXXmain`,
    "vstfs:///Build/Build/abc",
    "vstfs:///ReleaseManagement/ReleaseEnvironment/p:1",
    `vstfs:///Git/Ref/${P}%2F${R}%2FGB%E0%A4%A`,
    "https://example.com/not-vstfs",
    "",
  ])("keeps %s as unknown", (uri) => {
    expect(parseArtifactUri(uri)).toEqual({ kind: "unknown", uri });
  });
});
