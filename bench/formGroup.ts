/**
 * The work item form group "Deployments" opened in a fresh page (the common case: a work item
 * opened from a link or a query), against the large demo at a realistic 50 ms per response:
 * REST calls and time to full content, with the project's deployment index as the hub saves it
 * and with none.
 *
 * - Calls: every API request the emulator answered while the page loaded, less the harness's own
 *   read of the work item (the host draws the form from it), plus the extension data requests
 *   (the harness serves them itself; in Azure DevOps each is a REST call too).
 * - Full content: from the form frame's navigation start to the moment its Environments section
 *   is there and nothing is still being read or verified ("first content" is when any section
 *   is there: development, builds and environments render together).
 */
import type { Browser } from "playwright-core";
import type { RunningEmulator } from "../dev/emulator/index";
import type { RunningHarness } from "../dev/harness/index";
import {
  indexCollection,
  INDEX_DOCUMENT_ID,
} from "../src/core/trace/deploymentIndex/deploymentIndex";

const TIMEOUT = 120_000;

export interface FormStack {
  emulator: RunningEmulator;
  harness: RunningHarness;
  browser: Browser;
}

export interface FormOpen {
  calls: number;
  byRoute: Record<string, number>;
  extensionDataCalls: number;
  firstContentMs: number;
  fullContentMs: number;
  /** What the Environments section said about the index ("" without one). */
  indexNote: string;
  environments: string[];
}

/** Runs in the form frame: the section list once every read and check is done, else false. */
function settled(): { at: number; note: string; environments: string[] } | false {
  const environments = document.querySelector('section[aria-label="Environments"]');
  const busy = [...document.querySelectorAll('[role="status"]')].some((element) =>
    /Reading development|verifying with Azure DevOps|Refreshing/.test(element.textContent ?? ""),
  );
  if (!environments || busy) return false;
  return {
    at: performance.now(),
    note: environments.querySelector(".rt-wi-index")?.textContent ?? "",
    environments: [...environments.querySelectorAll("li .font-weight-semibold")].map(
      (element) => element.textContent ?? "",
    ),
  };
}

/** One fresh page on the form of `workItemId`. */
export async function openFormFresh(stack: FormStack, workItemId: number): Promise<FormOpen> {
  const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
  let extensionDataCalls = 0;
  page.on("request", (request) => {
    if (request.url().includes("/_harness/api/extension-data")) extensionDataCalls += 1;
  });
  try {
    await page.addInitScript({ content: "globalThis.__name = globalThis.__name || ((f) => f);" });
    stack.emulator.resetStats();
    await page.goto(`${stack.harness.url}/work-item/${workItemId}?theme=light`);
    const iframe = await page.waitForSelector("iframe", { timeout: TIMEOUT });
    const frame = await iframe.contentFrame();
    if (!frame) throw new Error("the form group's iframe has no content frame");
    const first = await frame.waitForFunction(
      () => (document.querySelector(".rt-wi-section") ? performance.now() : false),
      undefined,
      { timeout: TIMEOUT, polling: "raf" },
    );
    const full = await frame.waitForFunction(settled, undefined, {
      timeout: TIMEOUT,
      polling: "raf",
    });
    const done = (await full.jsonValue()) as { at: number; note: string; environments: string[] };
    // Reads after the content (none expected) would still be the first open's: let them land.
    await page.waitForTimeout(300);
    const stats = stack.emulator.stats();
    const own = stats.byRoute["wit.workitem"] ?? 0;
    return {
      calls: stats.requests - own + extensionDataCalls,
      byRoute: stats.byRoute,
      extensionDataCalls,
      firstContentMs: Math.round((await first.jsonValue()) as number),
      fullContentMs: Math.round(done.at),
      indexNote: done.note,
      environments: done.environments,
    };
  } finally {
    await page.close();
  }
}

/** The harness's extension data API (what the host pages use), for setting up a measurement. */
async function extensionData(harness: RunningHarness, body: Record<string, unknown>) {
  const response = await fetch(`${harness.url}/_harness/api/extension-data`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ scopeType: "Default", ...body }),
  });
  return { status: response.status, body: (await response.json()) as { result?: unknown } };
}

/** The project's stored deployment index document, if any. */
export async function storedIndex(
  harness: RunningHarness,
  projectId: string,
): Promise<{ value?: { rows?: unknown[]; asOf?: string } } | undefined> {
  const { body } = await extensionData(harness, {
    op: "getDocuments",
    collectionName: indexCollection(projectId),
  });
  const documents = (body.result ?? []) as { id?: string; value?: { rows?: unknown[] } }[];
  return documents.find((document) => document.id === INDEX_DOCUMENT_ID);
}

/** Removes the project's index (a first open with none). */
export async function removeIndex(harness: RunningHarness, projectId: string): Promise<void> {
  if (!(await storedIndex(harness, projectId))) return;
  await extensionData(harness, {
    op: "deleteDocument",
    collectionName: indexCollection(projectId),
    id: INDEX_DOCUMENT_ID,
  });
}

/**
 * Saves the index as the hub does: opens the Traceability tab (its deployed-where view lists
 * every environment and saves the listing) and waits until the document is there.
 */
export async function saveIndexThroughHub(stack: FormStack, projectId: string): Promise<void> {
  const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${stack.harness.url}/hub#traceability`);
    const deadline = Date.now() + 5 * TIMEOUT;
    while (!(await storedIndex(stack.harness, projectId))) {
      if (Date.now() > deadline) throw new Error("the hub did not save the deployment index");
      await page.waitForTimeout(500);
    }
  } finally {
    await page.close();
  }
}
