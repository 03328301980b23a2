/**
 * What the production bundles leave out or defer: the REST clients that only some views use are
 * chunks fetched on first use (no page's first scripts carry them), and js-yaml's writer, which
 * nothing in the browser calls, is in no bundle. Needs `npm run build` (npm test builds first).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dist = join(__dirname, "..", "..", "dist");
const graphFile = join(dist, "bundle-graph.json");

/** A method each generated client has and the adapters never call, so only the client has it. */
const DEFERRED_CLIENTS: Record<string, string> = {
  build: "getBuildBadgeData",
  release: "getReleaseEnvironment",
  environments: "getAgentPools",
  workItems: "getWorkItemTypeCategories",
};
/** A route only the generated git client has: the git adapter requests its own routes directly. */
const GIT_CLIENT = "_apis/git/DeletedRepositories";
/**
 * The deferred clients each widget configuration page may load: those of the areas its entry
 * builds its sources with (createAdoSourcesFor); the other clients are not even reachable.
 */
const CONFIGURATION_CLIENTS: Record<string, string[]> = {
  "compliance-widget-config": [],
  "delivery-metrics-widget-config": ["build", "environments", "release"],
  "gate-widget-config": ["build", "release"],
};
/** Options only js-yaml's dump() reads. */
const YAML_WRITER = /\b(?:sortKeys|forceQuotes|quotingType)\b/;
/** A message of js-yaml's loader, which the compliance views need. */
const YAML_READER = "unexpected end of the stream within a flow collection";

interface Page {
  initial: string[];
  onDemand: string[];
}

const pages: Record<string, Page> = existsSync(graphFile)
  ? (JSON.parse(readFileSync(graphFile, "utf8")) as { pages: Record<string, Page> }).pages
  : {};
const text = (script: string): string => readFileSync(join(dist, script), "utf8");

describe("the production bundles", () => {
  it("exist (run npm run build)", () => {
    expect(Object.keys(pages)).toContain("hub");
  });

  it.each(Object.keys(pages))("%s loads no deferred client with its first scripts", (page) => {
    const first = pages[page].initial.map(text).join("\n");
    const carried = Object.entries(DEFERRED_CLIENTS).filter(([, marker]) => first.includes(marker));
    expect(carried.map(([area]) => area)).toEqual([]);
  });

  it("still lets the hub load every deferred client on demand", () => {
    const later = pages.hub.onDemand.map(text).join("\n");
    const missing = Object.entries(DEFERRED_CLIENTS).filter(
      ([, marker]) => !later.includes(marker),
    );
    expect(missing.map(([area]) => area)).toEqual([]);
  });

  it.each(Object.keys(CONFIGURATION_CLIENTS))(
    "%s may load the clients of the areas it reads only",
    (page) => {
      const all = [...pages[page].initial, ...pages[page].onDemand].map(text).join("\n");
      const reachable = Object.entries(DEFERRED_CLIENTS).filter(([, marker]) =>
        all.includes(marker),
      );
      expect(reachable.map(([area]) => area).sort()).toEqual(CONFIGURATION_CLIENTS[page]);
    },
  );

  it.each(Object.keys(pages))("%s carries no generated git client", (page) => {
    const all = [...pages[page].initial, ...pages[page].onDemand].map(text).join("\n");
    expect(all.includes(GIT_CLIENT)).toBe(false);
  });

  it.each(Object.keys(pages))("%s carries js-yaml's reader at most, never its writer", (page) => {
    const all = [...pages[page].initial, ...pages[page].onDemand].map(text).join("\n");
    expect(YAML_WRITER.test(all)).toBe(false);
  });

  it("keeps js-yaml's reader where baselines are read", () => {
    for (const page of ["hub", "compliance-widget"]) {
      const all = [...pages[page].initial, ...pages[page].onDemand].map(text).join("\n");
      expect(all).toContain(YAML_READER);
    }
  });
});
