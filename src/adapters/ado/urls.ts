/** Organization URLs: validation, the Classic Release host, and URLs safe to show in messages. */

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
