/** Which deployment attempts are deployments, from the one state table. */
import { classifyDeployment } from "../../../src/core/metrics/classify";
import { STATE_IDS, type StateId } from "../../../src/core/vocabulary";

const finished = "2026-11-02T10:00:00.000Z";
const started = "2026-11-02T09:50:00.000Z";

describe("classifyDeployment", () => {
  it("classifies every state of the vocabulary, started and not", () => {
    const table = Object.fromEntries(
      STATE_IDS.map((state: StateId) => [
        state,
        [
          classifyDeployment({ state, startedAt: started, finishedAt: finished }),
          classifyDeployment({ state, startedAt: null, finishedAt: finished }),
        ],
      ]),
    );
    expect(table).toEqual({
      "not-started": [null, null],
      queued: [null, null],
      "waiting-for-approval": [null, null],
      "checks-running": [null, null],
      "in-progress": [null, null],
      succeeded: ["successful", "successful"],
      "partially-succeeded": ["failed", "failed"],
      failed: ["failed", "failed"],
      rejected: [null, null],
      "timed-out": ["failed", null],
      canceled: ["failed", null],
      skipped: [null, null],
    });
  });

  it("is no deployment before it finished", () => {
    expect(
      classifyDeployment({ state: "succeeded", startedAt: started, finishedAt: null }),
    ).toBeNull();
  });
});
