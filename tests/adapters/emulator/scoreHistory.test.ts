/**
 * The score history written over REST, as the pipeline task and `compliance --publish` write it:
 * the emulator's extension data documents with the service's `__etag` rules.
 */
import { startEmulator, type RunningEmulator } from "../../../dev/emulator";
import { createAdoSources, extensionDataRootFor, patAuth } from "../../../src/adapters/ado";
import {
  historyKey,
  recordSnapshot,
  type ScoreSnapshot,
} from "../../../src/core/compliance/scoreHistory";

const REF = { publisher: "release-trace", extension: "release-trace" };
const counts = { pass: 3, fail: 1, "not-applicable": 0, "not-available": 0, exempt: 0, error: 0 };
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
});

afterAll(() => emulator.close());

function store() {
  return createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("pat") })
    .extensionData(REF)
    .versionedSettings();
}

function entry(date: string, score: number): ScoreSnapshot {
  return { date, score, counts, baseline: "Built-in", origin: "scan" };
}

async function send(
  method: string,
  body: unknown,
): Promise<{ status: number; json: { __etag?: number; typeKey?: string } }> {
  const root = extensionDataRootFor(emulator.orgUrl);
  const url = `${root}/_apis/ExtensionManagement/InstalledExtensions/release-trace/release-trace/Data/Scopes/Default/Current/Collections/%24settings/Documents?api-version=7.1-preview.1`;
  const response = await fetch(url, {
    method,
    headers: { Authorization: `Basic ${btoa(":pat")}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe("score history over the extension data REST API", () => {
  it("creates the document, then updates it at the version read", async () => {
    await recordSnapshot(store(), "rest-1", entry("2026-03-03", 70));
    const history = await recordSnapshot(store(), "rest-1", entry("2026-03-04", 80));
    expect(history.map((item) => item.score)).toEqual([70, 80]);
    const stored = await store().read(historyKey("rest-1"));
    expect(stored?.etag).toBe(2);
    expect(stored?.value).toEqual(history);
  });

  it("refuses stale versions and duplicate creates with 409, as the service does", async () => {
    const created = await send("POST", { id: "etag-doc", value: 1 });
    expect(created.status).toBe(200);
    expect(created.json.__etag).toBe(1);
    const duplicate = await send("POST", { id: "etag-doc", value: 2 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.typeKey).toBe("DocumentExistsException");
    expect((await send("PUT", { id: "etag-doc", value: 3, __etag: 1 })).status).toBe(200);
    const stale = await send("PUT", { id: "etag-doc", value: 4, __etag: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.typeKey).toBe("InvalidDocumentVersionException");
    // No __etag on an existing document is not "overwrite": only -1 is.
    expect((await send("PUT", { id: "etag-doc", value: 5 })).status).toBe(409);
    expect((await send("PUT", { id: "etag-doc", value: 6, __etag: -1 })).status).toBe(200);
    expect((await send("PATCH", { id: "no-such-doc", value: 1, __etag: 1 })).status).toBe(404);
  });

  it("answers a conflict as false, so the shared loop reads and merges again", async () => {
    const first = store();
    await recordSnapshot(first, "rest-2", entry("2026-03-01", 60));
    const seen = await first.read(historyKey("rest-2"));
    await recordSnapshot(store(), "rest-2", entry("2026-03-02", 65));
    expect(await first.write(historyKey("rest-2"), [], seen?.etag)).toBe(false);
    expect(await first.write(historyKey("rest-2"), [], undefined)).toBe(false);
  });

  it("keeps each installed extension's data apart (a dev build never sees prod's)", async () => {
    await recordSnapshot(store(), "rest-3", entry("2026-03-05", 50));
    const dev = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("pat") })
      .extensionData({ publisher: "release-trace-dev", extension: "release-trace-dev" })
      .versionedSettings();
    expect(await dev.read(historyKey("rest-3"))).toBeUndefined();
  });

  it("refuses documents over the service's size limit", async () => {
    const response = await send("PUT", { id: "huge", value: "x".repeat(5_300_000), __etag: -1 });
    expect(response.status).toBe(400);
    expect(response.json.typeKey).toBe("MaximumDocumentSizeException");
  });
});
