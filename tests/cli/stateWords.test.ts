/**
 * The CLI's tables speak the one state vocabulary and name runs by their number: no raw state ids
 * or enum values, no run ids beside the numbers.
 */
import { runInProcess } from "./helpers";

jest.setTimeout(120_000);

const RAW =
  /\b(waiting-for-approval|checks-running|in-progress|partially-succeeded|not-started|timed-out|inProgress|partiallySucceeded|succeededWithIssues|notStarted)\b/;

it("gates: state words, run numbers", async () => {
  const result = await runInProcess(["--demo", "gates"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/waiting for approval/);
  expect(result.stdout).toMatch(/checks running/);
  expect(result.stdout).not.toMatch(RAW);
  expect(result.stdout).not.toMatch(/\(#\d+\)|\s#\d+\s/);
  expect(result.stdout).toMatch(/^approval\s+web-app-ci-cd\s+\d{8}\.\d+\s/m);
});
