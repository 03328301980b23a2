/**
 * Chromium reads the emulator as a frame on another origin reads Azure DevOps: Retry-After and
 * X-RateLimit-* are not exposed over CORS, so a 429 comes with no wait the page can read. The hub
 * must say so and slow down on its own, then show the data, instead of waiting blind or silently.
 */
import { openHub, stackForThisFile } from "./support";

const e2e = stackForThisFile();

describe("a throttled hub that cannot read the rate-limit headers", () => {
  test("says the headers are hidden, backs off on its own and still shows the repositories", async () => {
    const { emulator } = e2e.stack;
    // The service asks for 120 s; the page cannot see that, so it must not depend on it.
    emulator.setFaults({ throttleBurst: { count: 1, retryAfterSeconds: 120 } });
    try {
      const { watched, frame } = await openHub(e2e, "light");
      const notice = frame.locator(".rt-wait-notice-text");
      await notice.waitFor({ timeout: 20_000 });
      expect(await notice.innerText()).toMatch(
        /throttling \(429\) and hides its rate-limit headers: slowing down/,
      );
      await frame
        .locator('[role="tabpanel"][aria-label="Repositories"] table tbody tr')
        .filter({ hasText: /\w/ })
        .first()
        .waitFor({ timeout: 20_000 });
      expect(emulator.stats().faultsInjected).toMatchObject({ throttle: 1 });
      expect(watched.problems).toEqual([]);
    } finally {
      e2e.stack.emulator.setFaults({ throttleBurst: null });
    }
  });
});
