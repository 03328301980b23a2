import type { NotAvailable } from "../../../src/core/sources";
import type { EvidencePack } from "../../../src/core/trace";
import { mergeContents, type ContentsPlan } from "../../../src/core/trace/contents";
import type { TraceReads } from "../../../src/core/trace/records";

const REPO = "11111111-1111-4111-8111-111111111111";
const included = { kind: "run" as const, id: 7, name: "2025.7", branch: "main", at: null };
const plan: ContentsPlan = {
  kind: "yaml",
  pipeline: "web",
  current: { ...included, result: "succeeded", state: "succeeded", deployedAt: null },
  previous: null,
  comparison: "first-deployment",
  included: [included],
};
const pack = {
  workItems: [],
  pullRequests: [],
  builds: [{ id: 7 }],
  stages: [],
  approvals: [],
  checks: [],
  gaps: [],
  notAvailable: [],
} as unknown as EvidencePack;
const reads = {
  changes: new Map([
    [7, [{ id: "abc123", location: `https://x/_apis/git/repositories/${REPO}/commits/abc123` }]],
  ]),
  commits: new Map(),
} as unknown as TraceReads;

describe("mergeContents", () => {
  it("names a commit's repository, or says it was not read when the list failed", () => {
    const named = mergeContents(plan, "prod", [pack], {
      reads,
      repositories: new Map([[REPO, { id: REPO, name: "web", defaultBranch: "refs/heads/main" }]]),
      notes: [],
    } as never);
    expect(named.commits[0]).toEqual(expect.objectContaining({ repository: "web" }));
    expect(named.commits[0].unknown).toBeUndefined();

    const listing: NotAvailable = { what: "repositories", kind: "server", reason: "500" };
    const unread = mergeContents(plan, "prod", [pack], {
      reads,
      repositories: new Map(),
      notes: [listing],
    });
    expect(unread.commits[0].repository).toBe(REPO);
    expect(unread.commits[0].unknown).toEqual([
      { ...listing, what: "commit abc123", fields: ["repository"] },
    ]);
  });
});
