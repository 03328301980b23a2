/**
 * The README's worked example: one week, one pipeline deploying to prod, a failed deployment, an
 * incident, a commit that reached production through a later run, and a bug fix.
 */
import { History } from "./builders";

export function workedExample(): History {
  return (
    new History()
      // Before the window: run 10 is what runs in prod on Monday morning.
      .run(10, { queued: -3, commits: ["a1"], committed: -4 })
      .deploy(100, { run: 10, finished: -1 })
      // Monday: run 11 brings b1.
      .run(11, { queued: 8, commits: ["b1"], committed: 6 })
      .deploy(101, { run: 11, finished: 10 })
      // Tuesday: run 12 is built but never deployed; run 13 fails once, then deploys (with 12).
      .run(12, { queued: 30, commits: ["c1"], committed: 28 })
      .run(13, { queued: 32, commits: ["d1"], committed: 31 })
      .deploy(102, { run: 13, finished: 34, result: "failed" })
      .deploy(103, { run: 13, finished: 36 })
      // Wednesday 02:00: an incident, no build named: the latest production deployment, 103.
      .incident(900, 50)
      // Wednesday: run 14 fixes bug 700.
      .run(14, { queued: 54, commits: ["e1"], committed: 52, workItems: [700] })
      .workItem({ id: 700, type: "Bug" })
      .deploy(104, { run: 14, finished: 56 })
  );
}
