import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../dev/emulator";

export const PAT_HEADER = `Basic ${Buffer.from(":test-pat").toString("base64")}`;
export const EXTENSION_ACCEPT =
  "application/json;api-version=7.2-preview.1;excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true";

export interface Fetched {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function call(
  emulator: RunningEmulator,
  path: string,
  init: {
    method?: string;
    body?: unknown;
    accept?: string;
    auth?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<Fetched> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.auth !== null) headers.Authorization = init.auth ?? PAT_HEADER;
  if (init.accept) headers.Accept = init.accept;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  const url = path.startsWith("http") ? path : `${emulator.orgUrl}/${path.replace(/^\//, "")}`;
  const response = await fetch(url, {
    method: init.method ?? (init.body !== undefined ? "POST" : "GET"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Reads a `{count, value}` list body. */
export function values<T = Record<string, unknown>>(fetched: Fetched): T[] {
  const body = fetched.json as { count: number; value: T[] };
  if (!body || !Array.isArray(body.value))
    throw new Error(`Not a list (${fetched.status}): ${fetched.text.slice(0, 300)}`);
  expect(body.count).toBe(body.value.length);
  return body.value;
}

export async function withEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ seed: 42, size: "small", ...options });
}

/**
 * One emulator for the whole test file, closed after it, with its faults and stats reset after
 * every test (POST /_emulator/reset) so no fault leaks into the next test. `started` receives it.
 */
export function emulatorResetAfterEachTest(
  options: EmulatorOptions,
  started: (emulator: RunningEmulator) => void,
): void {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await withEmulator(options);
    started(emulator);
  });
  afterAll(() => emulator?.close());
  afterEach(async () => {
    const reset = await fetch(`${emulator!.baseUrl}/_emulator/reset`, { method: "POST" });
    expect(reset.status).toBe(200);
  });
}

/** Follows x-ms-continuationtoken to the end. */
export async function walkPages(
  emulator: RunningEmulator,
  path: string,
  tokenParam = "continuationToken",
): Promise<{ items: Record<string, unknown>[]; pages: number[] }> {
  const items: Record<string, unknown>[] = [];
  const pages: number[] = [];
  let token: string | null = null;
  for (let guard = 0; guard < 10000; guard++) {
    const separator = path.includes("?") ? "&" : "?";
    const url: string = token
      ? `${path}${separator}${tokenParam}=${encodeURIComponent(token)}`
      : path;
    const page = await call(emulator, url);
    expect(page.status).toBe(200);
    const list = values(page);
    items.push(...list);
    pages.push(list.length);
    token = page.headers.get("x-ms-continuationtoken");
    if (!token) return { items, pages };
  }
  throw new Error("Paging did not end");
}
