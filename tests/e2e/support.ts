/** Shared set-up for the end-to-end tests: emulator + harness in-process, headless Chromium. */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { DEMO_SEED, startEmulator, type RunningEmulator } from "../../dev/emulator/index";
import { startHarness, type RunningHarness } from "../../dev/harness/index";
import { launchChromium } from "../../dev/harness/chromium";
import { loadManifest } from "../../dev/harness/manifest";
import { atServerVersion } from "../../dev/harness/atServerVersion";
import { bearerAuth, createAdoSources } from "../../src/adapters/ado";
import type { ServerTarget } from "../../src/adapters/ado/apiVersions";
import type { Sources } from "../../src/core/sources";
import { wireProblemsIfHarness } from "./wire";

export const ROOT = resolve(__dirname, "../..");
export const SCREENSHOTS = join(ROOT, "test-results", "screenshots");
export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/** Headless Chromium as every e2e file runs it (the bench runs the same). */
export { launchChromium };

/** Fails early, with the fix, when the bundles were never built. */
export function assertBundlesBuilt(): void {
  const manifest = loadManifest(join(ROOT, "vss-extension.json"));
  const missing = manifest.contributions
    .map((contribution) => contribution.uri)
    .filter((uri) => uri && !existsSync(join(ROOT, uri)));
  if (missing.length > 0) {
    throw new Error(
      `The extension bundles are missing (${missing.join(", ")}): run npm run build first.`,
    );
  }
}

export interface Stack {
  harness: RunningHarness;
  orgUrl: string;
  project: { id: string; name: string };
  browser: Browser;
  /** The emulator itself: its request counts (stats/resetStats) and fault flags. */
  emulator: RunningEmulator;
  /** GET/POST against the emulator in the default JSON format, as a check on what the UI shows. */
  rest<T>(path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** The hostile demo: script-looking text in every user-controlled field. */
  hostile?: boolean;
  /**
   * A fixed "now" for deterministic pages: the emulator's data hangs off it and every page opened
   * runs with its clock frozen at it, in UTC and en-US (default: the current hour, live clock).
   */
  anchor?: Date;
  /** Shared settings in the emulator, as the service keeps them (see StartHarnessOptions). */
  serviceExtensionData?: boolean;
  /**
   * The server the emulator and the host stand in for; default: RELEASE_TRACE_EMULATOR_SERVER
   * (jest.e2e.server.config.js runs every file as on Azure DevOps Server 2022), else Services.
   */
  server?: ServerTarget;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  assertBundlesBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), "harness-e2e-"));
  const emulator = await startEmulator({
    port: 0,
    seed: DEMO_SEED,
    size: "small",
    // Ages in screenshots read like a live organisation; the data is otherwise the same.
    anchor: options.anchor ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000),
    hostile: options.hostile,
    server: options.server,
  });
  let harness: RunningHarness | undefined;
  let browser: Browser | undefined;
  try {
    harness = await startHarness({
      emulatorOrgUrl: emulator.orgUrl,
      projectName: emulator.project.name,
      projectId: emulator.project.id,
      rootDir: ROOT,
      dataDir,
      serviceExtensionData: options.serviceExtensionData,
      server: emulator.server,
    });
    browser = await launchChromium();
  } catch (error) {
    await harness?.close();
    await emulator.close();
    throw error;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const orgRoot = `${emulator.orgUrl}/`;
  const runningHarness = harness;
  const runningBrowser = browser;
  return {
    harness: runningHarness,
    orgUrl: emulator.orgUrl,
    project: emulator.project,
    browser: runningBrowser,
    emulator,
    rest: async <T>(path: string, body?: unknown): Promise<T> => {
      const response = await fetch(atServerVersion(`${orgRoot}${path}`, emulator.server), {
        method: body === undefined ? "GET" : "POST",
        headers: {
          Accept: "application/json",
          Authorization: "Bearer e2e-check",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${response.status} from ${path}`);
      return (await response.json()) as T;
    },
    close: async () => {
      await runningBrowser.close();
      await runningHarness.close();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The SDK logs this when the host asks for an id nobody registered; the real host probes too. */
const HOST_PROBE = /^No handler found on any channel for message: \{"id":\d+,"methodName":"",/;

export interface WatchedPage {
  page: Page;
  /** Uncaught errors and console errors from the extension frames, and any dialog opened. */
  problems: string[];
  dialogs: string[];
}

export async function openPage(
  stack: Stack,
  path: string,
  frozenClock?: Date,
): Promise<WatchedPage> {
  const page = await stack.browser.newPage({
    viewport: { width: 1280, height: 900 },
    ...(frozenClock ? { timezoneId: "UTC", locale: "en-US" } : {}),
  });
  // Date.now() stays put in every frame; timers still run, so the pages still load.
  if (frozenClock) await page.clock.setFixedTime(frozenClock);
  const problems: string[] = [];
  const dialogs: string[] = [];
  const extensionOrigin = stack.harness.extensionUrl;
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const fromExtension = message.location().url.startsWith(extensionOrigin);
    if (fromExtension && !HOST_PROBE.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(`${stack.harness.url}${path}`);
  return { page, problems, dialogs };
}

export interface HarnessFrameState {
  elementId: string;
  role: string;
  contributionId: string;
  status: string;
  error?: string;
  instanceId?: string;
  lastResult?: { statusType?: number };
}

/** Waits until every contribution frame on the page reports loaded (and none failed). */
export async function waitForFrames(page: Page, count: number): Promise<HarnessFrameState[]> {
  await page.waitForFunction(
    (expected) => {
      const frames = (window as unknown as { __harness?: { frames: HarnessFrameState[] } })
        .__harness?.frames;
      return (
        frames !== undefined &&
        frames.length === expected &&
        frames.every(
          (frame) =>
            frame.status === "failed" ||
            // Widgets, previews and configurations are ready when load() has answered, which comes
            // after notifyLoadSucceeded.
            (frame.status === "loaded" &&
              (!frame.role.startsWith("widget") ||
                frame.lastResult !== undefined ||
                frame.error !== undefined)),
        )
      );
    },
    count,
    { timeout: 30000 },
  );
  return page.evaluate(
    () => (window as unknown as { __harness: { frames: HarnessFrameState[] } }).__harness.frames,
  );
}

/** The Playwright frame of the iframe with the given element id. */
export async function contentFrame(page: Page, elementId: string): Promise<Frame> {
  const handle = await page.waitForSelector(`#${elementId}`);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`#${elementId} has no content frame`);
  return frame;
}

export async function screenshot(page: Page, name: string, theme: Theme): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${theme}.png`), fullPage: true });
}

/** The page's theme as the host applied it inside a frame (the SDK writes :root variables). */
export function frameBackground(frame: Frame): Promise<string> {
  return frame.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue("--background-color").trim(),
  );
}

/** No element the hostile demo text would create if it were parsed as HTML. */
export function injectedElements(frame: Frame): Promise<number> {
  return frame.evaluate(
    () =>
      document.querySelectorAll('img[src="x"]').length +
      [...document.querySelectorAll("script")].filter((script) =>
        (script.textContent ?? "").includes("alert("),
      ).length,
  );
}

/** The stack and page tracking every e2e file shares: registers its Jest hooks when called. */
export interface StackFixture {
  /** The running stack (available from the first beforeAll on). */
  readonly stack: Stack;
  /** Opens a watched page that is closed after the current test. */
  open(path: string): Promise<WatchedPage>;
}

/** Starts the stack before the file's tests, closes pages after each test and the stack at the end. */
export function stackForThisFile(options: StackOptions = {}): StackFixture {
  let running: Stack | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    running = await startStack(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  afterEach(async () => {
    const opened = pages.splice(0);
    // Every harness page's XDM messages are checked against the SDK's rules (see wire.ts).
    const manifest = running?.harness.manifest;
    const problems = manifest
      ? (await Promise.all(opened.map((page) => wireProblemsIfHarness(page, manifest)))).flat()
      : [];
    await Promise.all(opened.map((page) => page.close()));
    expect(problems).toEqual([]);
  });
  const stackOrThrow = (): Stack => {
    if (!running) throw new Error("the e2e stack has not started (use it inside hooks and tests)");
    return running;
  };
  return {
    get stack() {
      return stackOrThrow();
    },
    open: async (path) => {
      const watched = await openPage(stackOrThrow(), path, options.anchor);
      pages.push(watched.page);
      return watched;
    },
  };
}

/** The ports over the emulator, as the CLI and the engine tests use them. */
export function emulatorSources(stack: Stack, onWarning?: (message: string) => void): Sources {
  return createAdoSources({
    orgUrl: stack.orgUrl,
    auth: bearerAuth(async () => "e2e-check"),
    onWarning,
    // Services or Server, whichever the emulator stands in for (RELEASE_TRACE_EMULATOR_SERVER).
    target: "detect",
  }).sources;
}

/** No uncaught error, extension console error or dialog on the page. */
export function expectClean(watched: WatchedPage): void {
  expect(watched.problems).toEqual([]);
  expect(watched.dialogs).toEqual([]);
}

/** The frame background is the one the host's theme sets. */
export function expectThemeApplied(background: string, theme: string): void {
  expect(background).toBe(theme === "dark" ? "rgba(32, 31, 30, 1)" : "rgba(255, 255, 255, 1)");
}

/** Opens the hub (at an optional #tab) and returns its frame once it has loaded. */
export async function openHub(
  fixture: StackFixture,
  theme: string,
  tab?: string,
): Promise<{ watched: WatchedPage; frame: Frame }> {
  const watched = await fixture.open(`/hub?theme=${theme}${tab ? `#${tab}` : ""}`);
  const [state] = await waitForFrames(watched.page, 1);
  expect(state).toMatchObject({ role: "hub", status: "loaded" });
  const frame = await contentFrame(watched.page, state.elementId);
  return { watched, frame };
}
