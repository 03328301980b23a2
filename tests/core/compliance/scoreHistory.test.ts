import {
  addSnapshot,
  historyKey,
  MAX_SNAPSHOTS,
  readHistory,
  recordSnapshot,
  SERVICE_DOCUMENT_LIMIT_BYTES,
  snapshotOf,
  utcDay,
  type ScoreSnapshot,
  type VersionedStore,
} from "../../../src/core/compliance/scoreHistory";

const counts = { pass: 3, fail: 1, "not-applicable": 0, "not-available": 0, exempt: 0, error: 0 };

function entry(date: string, score: number, origin: "scan" | "view" = "scan"): ScoreSnapshot {
  return { date, score, counts, baseline: "Built-in", origin };
}

/** Extension data in memory with the service's etag rules (create-if-absent, replace-version). */
function memoryStore(): VersionedStore & { docs: Map<string, { value: unknown; etag: number }> } {
  const docs = new Map<string, { value: unknown; etag: number }>();
  return {
    docs,
    read: async (key) => docs.get(key),
    write: async (key, value, etag) => {
      const current = docs.get(key);
      if (current ? current.etag !== etag : etag !== undefined) return false;
      docs.set(key, { value, etag: (current?.etag ?? 0) + 1 });
      return true;
    },
  };
}

describe("score history rules", () => {
  it("dates a snapshot by its UTC day, whatever the local time zone", () => {
    // 23:30 in UTC-5 on the 3rd is already the 4th in UTC.
    expect(utcDay(new Date("2026-03-03T23:30:00-05:00"))).toBe("2026-03-04");
    const snapshot = snapshotOf(
      { score: 75, byOutcome: counts },
      "x".repeat(500),
      new Date("2026-03-04T01:00:00Z"),
      "scan",
    );
    expect(snapshot.date).toBe("2026-03-04");
    expect(snapshot.baseline).toHaveLength(120);
  });

  it("keeps one snapshot per UTC day and baseline, the newest MAX_SNAPSHOTS", () => {
    let history: ScoreSnapshot[] = [];
    const start = Date.UTC(2025, 0, 1);
    for (let day = 0; day < MAX_SNAPSHOTS + 30; day += 1) {
      history = addSnapshot(history, entry(utcDay(new Date(start + day * 86_400_000)), day % 100));
    }
    expect(MAX_SNAPSHOTS).toBe(400);
    expect(history).toHaveLength(MAX_SNAPSHOTS);
    expect(history[0].date).toBe(utcDay(new Date(start + 30 * 86_400_000)));
    const last = history[MAX_SNAPSHOTS - 1];
    history = addSnapshot(history, { ...last, score: 1 });
    expect(history).toHaveLength(MAX_SNAPSHOTS);
    expect(history[MAX_SNAPSHOTS - 1].score).toBe(1);
    // Another baseline the same day is its own entry.
    history = addSnapshot(history, { ...last, baseline: "Strict", score: 2 });
    expect(history.filter((item) => item.date === last.date)).toHaveLength(2);
  });

  it("never lets a view replace what a scan recorded that day; a scan replaces a view", () => {
    const scanned = addSnapshot([], entry("2026-03-04", 80, "scan"));
    expect(addSnapshot(scanned, entry("2026-03-04", 10, "view"))).toEqual(scanned);
    const viewed = addSnapshot([], entry("2026-03-04", 10, "view"));
    expect(addSnapshot(viewed, entry("2026-03-04", 80, "scan"))).toEqual([
      entry("2026-03-04", 80, "scan"),
    ]);
    // Entries from before origins existed count as views.
    const old = [{ date: "2026-03-04", score: 5, counts, baseline: "Built-in" }];
    expect(addSnapshot(old, entry("2026-03-04", 80, "scan"))[0].score).toBe(80);
  });

  it("stays far under the service's document limit with 400 entries of the longest names", () => {
    let history: ScoreSnapshot[] = [];
    const big = {
      pass: 99999,
      fail: 99999,
      "not-applicable": 99999,
      "not-available": 99999,
      exempt: 99999,
      error: 99999,
    };
    for (let day = 0; day < 1000; day += 1) {
      const snapshot = snapshotOf(
        { score: 33.3, byOutcome: big },
        `${"baseline-".repeat(40)}${day}`,
        new Date(Date.UTC(2024, 0, 1) + day * 86_400_000),
        "scan",
      );
      history = addSnapshot(history, snapshot);
    }
    const document = JSON.stringify({ id: historyKey("0".repeat(36)), __etag: 1, value: history });
    expect(history).toHaveLength(MAX_SNAPSHOTS);
    expect(Buffer.byteLength(document)).toBeLessThan(SERVICE_DOCUMENT_LIMIT_BYTES / 40);
  });
});

describe("recordSnapshot", () => {
  it("sends no write when the day's entry already says the same", async () => {
    const store = memoryStore();
    await recordSnapshot(store, "p1", entry("2026-03-03", 70));
    const again = await recordSnapshot(store, "p1", entry("2026-03-03", 70));
    expect(again.map((item) => item.score)).toEqual([70]);
    expect(store.docs.get(historyKey("p1"))?.etag).toBe(1);
    await recordSnapshot(store, "p1", entry("2026-03-03", 75));
    expect(store.docs.get(historyKey("p1"))?.etag).toBe(2);
  });

  it("creates the document, then replaces it at the version read", async () => {
    const store = memoryStore();
    await recordSnapshot(store, "p1", entry("2026-03-03", 70));
    const history = await recordSnapshot(store, "p1", entry("2026-03-04", 80));
    expect(history.map((item) => item.score)).toEqual([70, 80]);
    expect(store.docs.get(historyKey("p1"))?.etag).toBe(2);
  });

  it("merges again when another writer got there first, losing neither snapshot", async () => {
    const store = memoryStore();
    await recordSnapshot(store, "p1", entry("2026-03-01", 60));
    const racing: VersionedStore = {
      read: store.read,
      write: async (key, value, etag) => {
        // Someone else writes between this writer's read and its write, once.
        if (!raced) {
          raced = true;
          await recordSnapshot(store, "p1", entry("2026-03-02", 65));
        }
        return store.write(key, value, etag);
      },
    };
    let raced = false;
    const history = await recordSnapshot(racing, "p1", entry("2026-03-03", 70));
    expect(history.map((item) => item.date)).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
    expect(readHistory(store.docs.get(historyKey("p1"))?.value)).toEqual(history);
  });

  it("gives up with a clear error when it keeps losing the race", async () => {
    const store: VersionedStore = { read: async () => undefined, write: async () => false };
    await expect(recordSnapshot(store, "p1", entry("2026-03-03", 70))).rejects.toThrow(
      /changed by someone else 5 times/,
    );
  });
});
