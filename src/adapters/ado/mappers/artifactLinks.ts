/*
 * Artifact-link URIs (`vstfs:///{Tool}/{Type}/{id}`, contracts §7.4). Separators inside the id
 * are `%2F` or `%2f`; branch names carry a `GB` prefix and their own slashes encoded, tags `GT`.
 * Anything not recognised is kept as `unknown` with the URI as given.
 */
import type { ArtifactLink } from "../../../core/model";

const VSTFS = /^vstfs:\/\/\/([^/]+)\/([^/]+)\/(.+)$/i;

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A numeric id, or undefined when the text is not one or too long to hold exactly (rounding would name another object). */
function numericId(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Splits `a%2Fb%2Frest` into [a, b, rest]; `rest` keeps any further separators (branch names). */
function splitGitId(encodedId: string): [string, string, string] | undefined {
  const parts = encodedId.split(/%2F/i);
  if (parts.length < 3) {
    // Some writers use a literal slash.
    const plain = encodedId.split("/");
    if (plain.length < 3) return undefined;
    return [plain[0], plain[1], plain.slice(2).join("/")];
  }
  return [parts[0], parts[1], parts.slice(2).join("%2F")];
}

export function parseArtifactUri(uri: string): ArtifactLink {
  const unknown: ArtifactLink = { kind: "unknown", uri };
  const match = VSTFS.exec(uri.trim());
  if (!match) return unknown;
  const tool = match[1].toLowerCase();
  const type = match[2].toLowerCase();
  const id = match[3];

  if (tool === "git") {
    const parts = splitGitId(id);
    if (!parts) return unknown;
    const projectId = decode(parts[0]);
    const repositoryId = decode(parts[1]);
    const rest = decode(parts[2]);
    if (!projectId || !repositoryId || rest === undefined || rest === "") return unknown;
    if (type === "commit" && /^[0-9a-f]{4,64}$/i.test(rest)) {
      return { kind: "commit", projectId, repositoryId, commitId: rest };
    }
    const pullRequestId = type === "pullrequestid" ? numericId(rest) : undefined;
    if (pullRequestId !== undefined) {
      return { kind: "pullRequest", projectId, repositoryId, pullRequestId };
    }
    if (type === "ref" && rest.length > 2) {
      const prefix = rest.slice(0, 2).toUpperCase();
      // The branch is the name without refs/heads/ (e.g. "release/1.0"), the tag without refs/tags/.
      if (prefix === "GB")
        return { kind: "branch", projectId, repositoryId, branch: rest.slice(2) };
      if (prefix === "GT") return { kind: "tag", projectId, repositoryId, tag: rest.slice(2) };
    }
    return unknown;
  }
  const buildId = tool === "build" && type === "build" ? numericId(id) : undefined;
  if (buildId !== undefined) return { kind: "build", buildId };
  if (tool === "releasemanagement" && type === "releaseenvironment") {
    const decoded = decode(id);
    const parts = decoded?.split(":");
    const releaseId = parts?.length === 3 ? numericId(parts[1]) : undefined;
    const environmentId = parts?.length === 3 ? numericId(parts[2]) : undefined;
    if (parts?.[0] && releaseId !== undefined && environmentId !== undefined) {
      return { kind: "releaseEnvironment", projectId: parts[0], releaseId, environmentId };
    }
  }
  return unknown;
}
