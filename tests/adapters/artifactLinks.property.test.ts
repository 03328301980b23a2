import fc from "fast-check";
import { parseArtifactUri } from "../../src/adapters/ado/mappers";
import type { ArtifactLink } from "../../src/core/model";

/*
 * Artifact-link URIs (contracts §7.4): whatever a writer produces (either case of `%2F`, either
 * case of tool and type, encoded branch names) parses back to the same link, and anything else
 * comes back as `unknown` with the text as given, never as an exception.
 */

const RUNS = { numRuns: 200 };

/** A separator as writers produce it: ADO's own links use `%2f`, the spec's examples `%2F`. */
const separator = fc.constantFrom("%2F", "%2f");
const guid = fc.uuid();
const sha = fc.stringMatching(/^[0-9a-f]{40}$/);
const id = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
/** Branch and tag names: slashes, non-ASCII letters, `%`, `#` and spaces, all legal in git refs. */
const refPart = fc.stringMatching(/^[A-Za-z0-9._#%+@ äüßΣ-]{1,8}$/);
const gitRefName = fc
  .array(refPart, { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join("/"));
const casing = (word: string) => fc.mixedCase(fc.constant(word));

/** A link and one of the URIs that stand for it. */
const linkAndUri: fc.Arbitrary<[ArtifactLink, string]> = fc.oneof(
  fc
    .tuple(casing("Git"), casing("Commit"), separator, guid, guid, sha)
    .map(([tool, type, sep, projectId, repositoryId, commitId]): [ArtifactLink, string] => [
      { kind: "commit", projectId, repositoryId, commitId },
      `vstfs:///${tool}/${type}/${projectId}${sep}${repositoryId}${sep}${commitId}`,
    ]),
  fc
    .tuple(casing("Git"), casing("PullRequestId"), separator, guid, guid, id)
    .map(([tool, type, sep, projectId, repositoryId, pullRequestId]): [ArtifactLink, string] => [
      { kind: "pullRequest", projectId, repositoryId, pullRequestId },
      `vstfs:///${tool}/${type}/${projectId}${sep}${repositoryId}${sep}${pullRequestId}`,
    ]),
  fc
    .tuple(fc.constantFrom("GB", "GT"), separator, guid, guid, gitRefName)
    .map(([prefix, sep, projectId, repositoryId, name]): [ArtifactLink, string] => [
      prefix === "GB"
        ? { kind: "branch", projectId, repositoryId, branch: name }
        : { kind: "tag", projectId, repositoryId, tag: name },
      `vstfs:///Git/Ref/${projectId}${sep}${repositoryId}${sep}${prefix}${encodeURIComponent(name)}`,
    ]),
  fc
    .tuple(casing("Build"), casing("Build"), id)
    .map(([tool, type, buildId]): [ArtifactLink, string] => [
      { kind: "build", buildId },
      `vstfs:///${tool}/${type}/${buildId}`,
    ]),
  fc
    .tuple(guid, id, id)
    .map(([projectId, releaseId, environmentId]): [ArtifactLink, string] => [
      { kind: "releaseEnvironment", projectId, releaseId, environmentId },
      `vstfs:///ReleaseManagement/ReleaseEnvironment/${projectId}:${releaseId}:${environmentId}`,
    ]),
);

/** Numbers in a parsed link are ids: whole, not negative, exactly representable. */
function idsOf(link: ArtifactLink): number[] {
  switch (link.kind) {
    case "pullRequest":
      return [link.pullRequestId];
    case "build":
      return [link.buildId];
    case "releaseEnvironment":
      return [link.releaseId, link.environmentId];
    default:
      return [];
  }
}

describe("parseArtifactUri (property)", () => {
  it("parses every URI a writer builds back to its link", () => {
    fc.assert(
      fc.property(linkAndUri, ([link, uri]) => {
        expect(parseArtifactUri(uri)).toEqual(link);
      }),
      RUNS,
    );
  });

  it("never throws, and keeps what it does not recognise as unknown with the text as given", () => {
    const vstfsLike = fc
      .tuple(
        fc.constantFrom("vstfs:///", "VSTFS:///", "vstfs://", ""),
        fc.constantFrom("Git", "Build", "ReleaseManagement", "GitHub", "", "x"),
        fc.constantFrom("/", "%2F", ""),
        fc.constantFrom("Commit", "PullRequestId", "Ref", "Build", "ReleaseEnvironment", ""),
        fc.constantFrom("/", "%2f", ""),
        fc.string({ unit: "binary", maxLength: 40 }),
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), vstfsLike), (uri) => {
        const link = parseArtifactUri(uri);
        if (link.kind === "unknown") {
          expect(link.uri).toBe(uri);
        } else {
          for (const value of idsOf(link))
            expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("does not turn an id too long for a number into a wrong one", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{16,30}$/), guid, (digits, projectId) => {
        fc.pre(!Number.isSafeInteger(Number(digits)));
        expect(parseArtifactUri(`vstfs:///Build/Build/${digits}`).kind).toBe("unknown");
        const release = `vstfs:///ReleaseManagement/ReleaseEnvironment/${projectId}:${digits}:1`;
        expect(parseArtifactUri(release).kind).toBe("unknown");
      }),
      { numRuns: 50 },
    );
  });
});

describe("parseArtifactUri: counterexamples found by the properties", () => {
  it("keeps a build id past 2^53 as unknown instead of rounding it", () => {
    const uri = "vstfs:///Build/Build/9007199254740993";
    expect(parseArtifactUri(uri)).toEqual({ kind: "unknown", uri });
  });
});
