/** Organization URLs: validation, the Classic Release host, and URLs safe to show in messages. */
import { SourceError } from "../../core/sources";

const EXAMPLE = "e.g. https://dev.azure.com/fabrikam";

/**
 * Validates an organization URL (or a bare organization name) and returns it without a trailing
 * slash. `https://dev.azure.com/org/Project/...` is cut back to the organization.
 */
export function parseOrgUrl(input: string): { orgUrl: string; organization: string } {
  const text = (input ?? "").trim();
  if (!text) {
    throw new Error(`The organization URL is empty; expected ${EXAMPLE}.`);
  }
  if (/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(text)) {
    return { orgUrl: `https://dev.azure.com/${text}`, organization: text };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`The organization URL "${text}" is not a valid URL; expected ${EXAMPLE}.`);
  }
  if (url.username || url.password) {
    // Never echo the input here: it holds credentials.
    throw new Error(
      "The organization URL must not contain credentials; pass the token separately.",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(
      `The organization URL must start with https:// (got "${url.protocol}"); expected ${EXAMPLE}.`,
    );
  }
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split("/").filter((segment) => segment.length > 0);
  const cloud = host === "dev.azure.com" || host.endsWith(".visualstudio.com");
  if (cloud && url.protocol !== "https:") {
    throw new Error(`Azure DevOps Services URLs must use https:// (got "${text}").`);
  }
  if (host === "dev.azure.com") {
    const organization = segments[0];
    if (!organization) {
      throw new Error(
        `The organization URL "${text}" has no organization name after dev.azure.com/; expected ${EXAMPLE}.`,
      );
    }
    return { orgUrl: `https://dev.azure.com/${organization}`, organization };
  }
  if (host.endsWith(".visualstudio.com")) {
    const organization = host.slice(0, -".visualstudio.com".length);
    if (!organization || organization.includes(".")) {
      throw new Error(
        `The organization URL "${text}" does not name an organization; expected https://fabrikam.visualstudio.com.`,
      );
    }
    const collection = segments[0]?.toLowerCase() === "defaultcollection" ? `/${segments[0]}` : "";
    return { orgUrl: `https://${host}${collection}`, organization };
  }
  // Azure DevOps Server or the emulator: the path is the collection (or organization).
  if (segments.length === 0) {
    throw new Error(
      `The organization URL "${text}" has no collection or organization path, e.g. https://server/tfs/DefaultCollection or http://127.0.0.1:8080/fabrikam.`,
    );
  }
  return {
    orgUrl: `${url.protocol}//${url.host}/${segments.join("/")}`,
    organization: segments[segments.length - 1],
  };
}

/** The Classic Release (vsrm) root of an organization. Other hosts serve release themselves. */
export function releaseRootFor(orgUrl: string): string {
  const trimmed = orgUrl.trim().replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new Error(`The organization URL "${trimmed}" is not a valid URL; expected ${EXAMPLE}.`);
  }
  const host = url.hostname.toLowerCase();
  const path = url.pathname.replace(/\/+$/, "");
  if (host === "dev.azure.com") {
    return `${url.protocol}//vsrm.dev.azure.com${path}`;
  }
  if (host.endsWith(".visualstudio.com") && !host.endsWith(".vsrm.visualstudio.com")) {
    const organization = host.slice(0, -".visualstudio.com".length);
    return `${url.protocol}//${organization}.vsrm.visualstudio.com${path}`;
  }
  return trimmed;
}

/**
 * The extension management (extmgmt) root of an organization, where installed extensions' data
 * lives. Other hosts (Server, the emulator) serve it themselves.
 */
export function extensionDataRootFor(orgUrl: string): string {
  const trimmed = orgUrl.trim().replace(/\/+$/, "");
  const url = new URL(trimmed);
  const host = url.hostname.toLowerCase();
  const path = url.pathname.replace(/\/+$/, "");
  if (host === "dev.azure.com") return `${url.protocol}//extmgmt.dev.azure.com${path}`;
  if (
    host.endsWith(".visualstudio.com") &&
    !host.includes(".vsrm.") &&
    !host.includes(".extmgmt.")
  ) {
    const organization = host.slice(0, -".visualstudio.com".length);
    return `${url.protocol}//${organization}.extmgmt.visualstudio.com${path}`;
  }
  return trimmed;
}

const SECRET_QUERY_NAME = /token|key|secret|sig|password|code/i;

/** A URL for messages: no user info, and query values that may be secret replaced by `***`. */
export function displayUrl(rawUrl: string): string {
  try {
    const url = new URL(rawUrl);
    url.username = "";
    url.password = "";
    for (const name of [...url.searchParams.keys()]) {
      if (SECRET_QUERY_NAME.test(name)) url.searchParams.set(name, "***");
    }
    return url.toString();
  } catch {
    return rawUrl.split("?")[0];
  }
}

/**
 * Why a name cannot be one segment of a URL path, or undefined when it can. Encoding alone does
 * not make `.` and `..` safe (URL parsers resolve them, and turn `%2e%2e` back into `..`), and a
 * `/` or `\` would start another segment on some servers. Azure DevOps allows none of these in
 * the names of projects, repositories, pipelines or environments.
 */
export function pathNameProblem(name: string): string | undefined {
  if (name.length > MAX_NAME_LENGTH) {
    return `it is ${name.length} characters long, and names have at most ${MAX_NAME_LENGTH}`;
  }
  if (name === "." || name === "..") return 'names are never "." or ".."';
  if (/[/\\]/.test(name)) return "names never contain / or \\";
  return undefined;
}

/** Longer than any Azure DevOps name (projects have at most 64 characters, pipelines 255). */
export const MAX_NAME_LENGTH = 256;

interface RouteParams {
  routeTemplate: string;
  routeValues?: Record<string, unknown>;
}

/**
 * Makes every route value of a client one encoded path segment. The generated clients encode a
 * catch-all parameter (`{*projectId}`) with encodeURI, which leaves `?`, `#` and `/` as they are:
 * `Contoso?x=#` would read project Contoso. Values that cannot be a segment are refused before
 * any request. Applies to every client, in the browser and in Node.
 */
export function oneSegmentRoutes<TClient extends object>(client: TClient): TClient {
  const seam = client as unknown as { beginRequest(params: RouteParams): Promise<unknown> };
  const original = seam.beginRequest.bind(client);
  seam.beginRequest = (params) => {
    for (const value of Object.values(params.routeValues ?? {})) {
      const problem = typeof value === "string" ? pathNameProblem(value) : undefined;
      if (problem && typeof value === "string") {
        return Promise.reject(
          new SourceError("not-found", `No such item: "${value.slice(0, 200)}" (${problem}).`),
        );
      }
    }
    const routeTemplate = params.routeTemplate.replace(/\{\*(\w+)\}/g, "{$1}");
    return original({ ...params, routeTemplate });
  };
  return client;
}

/** Stands in for a bracketed IPv6 host while the generated clients build a URL. */
const IPV6_STAND_IN = "ipv6-literal.invalid";

/**
 * The generated clients re-parse every URL that has query parameters with their own parser,
 * which splits `http://[::1]:8080` at the first colon and garbles it. For an IPv6 root they get a
 * stand-in host, and `restore` puts the real one back into each URL before it is sent.
 */
export function clientRoot(root: string): { root: string; restore(url: string): string } {
  const match = /^(https?:\/\/)(\[[^\]]+\])/i.exec(root);
  if (!match) return { root, restore: (url) => url };
  const [, scheme, host] = match;
  const standIn = `${scheme}${IPV6_STAND_IN}`;
  return {
    root: standIn + root.slice(match[0].length),
    restore: (url) =>
      url.startsWith(standIn) ? `${scheme}${host}${url.slice(standIn.length)}` : url,
  };
}
