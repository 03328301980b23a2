/**
 * The stack the browser bench sections run against: the emulator with the large demo, the host
 * harness serving the production bundles, and headless Chromium; started and closed as one, so
 * nothing is left running when a part fails to start.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { DEMO_SEED, startEmulator, type RunningEmulator } from "../dev/emulator/index";
import { startHarness, type RunningHarness } from "../dev/harness/index";
import { CHROMIUM, launchChromium } from "../dev/harness/chromium";

const ROOT = join(__dirname, "..");
export { CHROMIUM };

export interface Stack {
  emulator: RunningEmulator;
  harness: RunningHarness;
  browser: Browser;
  dataDir: string;
}

/** `name` labels the data folder and the log line. */
export async function startStack(name: string, log: (line: string) => void): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const generated = Date.now();
  const emulator = await startEmulator({ port: 0, seed: DEMO_SEED, size: "large" });
  log(`${name}: large demo generated in ${((Date.now() - generated) / 1000).toFixed(1)} s`);
  try {
    const harness = await startHarness({
      emulatorOrgUrl: emulator.orgUrl,
      projectName: emulator.project.name,
      projectId: emulator.project.id,
      rootDir: ROOT,
      dataDir,
    });
    try {
      const browser = await launchChromium();
      return { emulator, harness, browser, dataDir };
    } catch (error) {
      await harness.close();
      throw error;
    }
  } catch (error) {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export async function closeStack(stack: Stack): Promise<void> {
  await stack.browser.close();
  await stack.harness.close();
  await stack.emulator.close();
  rmSync(stack.dataDir, { recursive: true, force: true });
}
