/**
 * The harness host's own REST reads (and the e2e checks beside them) are written at Services'
 * 7.1, which Azure DevOps Server 2022 refuses: on Server they go at the version the product's
 * per-route table sends there, as the Server's own web pages read at its versions.
 */
import {
  API_ROUTES,
  findRoute,
  versionsOn,
  type ServerTarget,
} from "../../src/adapters/ado/apiVersions";

/** The URL with its api-version at the one the table sends to that route on `server`. */
export function atServerVersion(url: string, server: ServerTarget): string {
  if (server === "services") return url;
  const parsed = new URL(url);
  if (!parsed.searchParams.has("api-version")) return url;
  const route = findRoute(API_ROUTES, url);
  const versions = route && versionsOn(route, server);
  // A route the server lacks is a mistake in the caller, not something to send anyway.
  if (!versions) throw new Error(`${parsed.pathname} has no route on ${server}`);
  parsed.searchParams.set("api-version", versions.send);
  return parsed.toString();
}
