/**
 * The harness is no more patient than the real host. Fixture widgets (the real SDK 4.2.0 served as
 * ES modules, no product code) register on time, too late, under the full id too late, or never
 * start the handshake; only the first may load. The host's lookups are checked on the wire.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { startHarness, type RunningHarness } from "../../dev/harness/index";
import { ROOT, launchChromium, waitForFrames, type HarnessFrameState } from "./support";
import { wireProblems } from "./wire";

const SDK_DIR = join(ROOT, "node_modules", "azure-devops-extension-sdk", "esm");

/** What each fixture page does after loading the SDK (the module script's body). */
const WIDGETS: Record<string, string> = {
  "on-time": `SDK.register("on-time", widget); await SDK.init({ loaded: false });
    await SDK.notifyLoadSucceeded();`,
  // Registered a second after the load is reported: the host has given up by then.
  late: `await SDK.init({ loaded: false }); await SDK.notifyLoadSucceeded();
    setTimeout(() => SDK.register("late", widget), 1000);`,
  // Only the full id, 600 ms late: after both of the host's lookups.
  "full-id-late": `await SDK.init({ loaded: false }); await SDK.notifyLoadSucceeded();
    setTimeout(() => SDK.register(SDK.getContributionId(), widget), 600);`,
  "no-handshake": `/* never calls init */`,
};

function page(body: string): string {
  return `<!DOCTYPE html><html><body><script type="module">
import * as SDK from "./SDK.js";
const widget = { preload: async () => ({ statusType: 0 }), load: async () => ({ statusType: 0 }) };
${body}
</script></body></html>`;
}

function writeFixture(root: string): void {
  mkdirSync(join(root, "dist"), { recursive: true });
  mkdirSync(join(root, "static"), { recursive: true });
  for (const file of ["SDK.js", "XDM.js"])
    copyFileSync(join(SDK_DIR, file), join(root, "dist", file));
  const contributions = Object.entries(WIDGETS).map(([id, body]) => {
    writeFileSync(join(root, "dist", `${id}.html`), page(body));
    return {
      id,
      type: "ms.vss-dashboards-web.widget",
      targets: ["ms.vss-dashboards-web.widget-catalog"],
      properties: {
        name: id,
        uri: `dist/${id}.html`,
        supportedSizes: [{ rowSpan: 1, columnSpan: 2 }],
      },
    };
  });
  writeFileSync(
    join(root, "vss-extension.json"),
    JSON.stringify({
      manifestVersion: 1,
      id: "fixture",
      publisher: "harness",
      version: "1.0.0",
      contributions,
    }),
  );
}

let root: string;
let harness: RunningHarness;
let browser: Browser;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "harness-strict-"));
  writeFixture(root);
  harness = await startHarness({
    // No REST is read by the fixtures; nothing listens on port 9.
    emulatorOrgUrl: "http://127.0.0.1:9/fabrikam",
    projectName: "Fabrikam",
    projectId: "00000000-0000-4000-8000-000000000f1x",
    rootDir: root,
    dataDir: join(root, "data"),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  rmSync(root, { recursive: true, force: true });
});

test("only a widget registered by the time the host looks loads; the host asks once per id", async () => {
  const tab = await browser.newPage();
  await tab.goto(`${harness.url}/dashboard`);
  const states = await waitForFrames(tab, Object.keys(WIDGETS).length);
  const byId = Object.fromEntries(states.map((state) => [state.contributionId, state])) as Record<
    string,
    HarnessFrameState
  >;
  expect(byId["on-time"]).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
  expect(byId["on-time"].instanceId).toBe("on-time");
  expect(byId.late.status).toBe("failed");
  expect(byId.late.error).toMatch(/could not be found/);
  expect(byId["full-id-late"].status).toBe("failed");
  expect(byId["no-handshake"]).toMatchObject({ status: "failed" });
  expect(byId["no-handshake"].error).toMatch(/no handshake within 5 s/);
  // Every lookup on the wire: the full id once, the short id once, 250 ms later, nothing retried.
  expect(await wireProblems(tab, harness.manifest)).toEqual([]);
  await tab.close();
}, 30000);
