/**
 * The emulator exposes over CORS what dev.azure.com exposes (the recordings), so a browser run
 * cannot read what a real browser could not: Retry-After and X-RateLimit-* stay hidden unless
 * `exposeAllHeaders` opens them.
 */
import { ALL_EXPOSED_HEADERS, EXPOSED_HEADERS } from "../../dev/emulator/server";
import { recordedInteractions } from "../helpers/sharedReference";
import { call, withEmulator } from "./helpers";

const ORIGIN = { Origin: "http://localhost:3000" };

function exposedBy(headers: Record<string, string[]>): string[] | undefined {
  const entry = Object.entries(headers).find(
    ([name]) => name.toLowerCase() === "access-control-expose-headers",
  );
  return entry?.[1].flatMap((value) => value.split(/,\s*/));
}

describe("headers exposed over CORS", () => {
  it("are the recorded ones, plus the paging token the api's browser clients read", () => {
    const recorded = new Set(
      recordedInteractions().flatMap(
        (interaction) => exposedBy(interaction.response.headers) ?? [],
      ),
    );
    expect([...recorded]).toEqual(["Request-Context"]);
    expect(EXPOSED_HEADERS).toEqual([...recorded, "x-ms-continuationtoken"]);
  });

  it("hide the rate-limit headers by default, though the answer carries them", async () => {
    const emulator = await withEmulator({
      faults: { throttleBurst: { count: 1, retryAfterSeconds: 2 } },
    });
    try {
      const answer = await call(emulator, `${emulator.project.name}/_apis/git/repositories`, {
        headers: ORIGIN,
      });
      expect(answer.status).toBe(429);
      expect(answer.headers.get("retry-after")).toBe("2");
      const exposed = answer.headers.get("access-control-expose-headers") ?? "";
      expect(exposed).not.toMatch(/retry-after|x-ratelimit/i);
    } finally {
      await emulator.close();
    }
  });

  it("open them all with exposeAllHeaders", async () => {
    const emulator = await withEmulator({ exposeAllHeaders: true });
    try {
      const answer = await call(emulator, `${emulator.project.name}/_apis/git/repositories`, {
        headers: ORIGIN,
      });
      expect((answer.headers.get("access-control-expose-headers") ?? "").split(/,\s*/)).toEqual(
        ALL_EXPOSED_HEADERS,
      );
      expect(ALL_EXPOSED_HEADERS).toEqual(
        expect.arrayContaining(["Retry-After", "X-RateLimit-Remaining", "X-RateLimit-Limit"]),
      );
    } finally {
      await emulator.close();
    }
  });
});
