/**
 * Headless Chromium as the e2e tests and the bench drive it through the harness (Debian's
 * package), with one set of arguments so both measure and look at the same browser.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
