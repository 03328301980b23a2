import { call, withEmulator } from "./helpers";

describe("large demo organisation", () => {
  it("has the large volumes and enforces the WIQL 20,000 cap", async () => {
    const emulator = await withEmulator({ seed: 3, size: "large" });
    try {
      const { summary } = emulator;
      expect(summary.repositories).toBeGreaterThanOrEqual(1000);
      // 5,000 in the main projects, plus the few of the extra projects an org-wide scan fans out over.
      expect(summary.policies).toBeGreaterThan(5000);
      expect(summary.policies).toBeLessThan(5400);
      expect(summary.projects.length).toBeGreaterThanOrEqual(12);
      expect(summary.pipelines).toBe(300);
      // 20,000 runs and 30,000 work items, plus the delivery history's older runs and incidents.
      expect(summary.runs).toBeGreaterThan(20000);
      expect(summary.runs).toBeLessThan(21000);
      expect(summary.workItems).toBeGreaterThan(30000);
      expect(summary.workItems).toBeLessThan(30500);
      expect(summary.environments).toBe(40);
      expect(summary.releaseDefinitions).toBeGreaterThanOrEqual(15);
      expect(summary.releases).toBeGreaterThan(150);

      const query = { query: "SELECT [System.Id] FROM WorkItems ORDER BY [System.Id]" };
      const capped = await call(
        emulator,
        `${emulator.project.name}/_apis/wit/wiql?api-version=7.1`,
        { body: query },
      );
      expect(capped.status).toBe(400);
      expect((capped.json as { message: string }).message).toMatch(/^VS402337/);
      const topped = await call(
        emulator,
        `${emulator.project.name}/_apis/wit/wiql?$top=20000&api-version=7.1`,
        { body: query },
      );
      expect((topped.json as { workItems: unknown[] }).workItems).toHaveLength(20000);
    } finally {
      await emulator.close();
    }
    // A generous limit for slow CI machines; generation itself takes a couple of seconds.
  }, 60_000);
});
