/** The XDM messages a harness page recorded, checked against the SDK's and the real host's rules. */
import type { Page } from "playwright-core";
import type { WireRecord } from "../../dev/harness/client/config";
import type { HarnessManifest } from "../../dev/harness/manifest";
import { loadApiSurface, type ApiSurface } from "../../dev/harness/wire/apiSurface";
import { checkWire } from "../../dev/harness/wire/checkWire";

let surface: ApiSurface | undefined;

/** Every wire rule the page's messages broke so far (empty when clean). */
export async function wireProblems(page: Page, manifest: HarnessManifest): Promise<string[]> {
  const recorded = await page.evaluate(() => {
    const harness = (
      window as unknown as {
        __harness: {
          wire: unknown[];
          frames: Array<{ elementId: string; role: string; contributionId: string }>;
        };
      }
    ).__harness;
    return { wire: harness.wire, frames: harness.frames };
  });
  surface ??= loadApiSurface();
  const frames = recorded.frames.map((frame) => ({
    ...frame,
    fullContributionId: `${manifest.fullExtensionId}.${frame.contributionId}`,
  }));
  return checkWire(recorded.wire as WireRecord[], frames, surface);
}

/** No wire rule broken on the page. */
export async function expectWireClean(page: Page, manifest: HarnessManifest): Promise<void> {
  expect(await wireProblems(page, manifest)).toEqual([]);
}

/** The wire problems of a page that may have closed or left the harness (then none are known). */
export async function wireProblemsIfHarness(
  page: Page,
  manifest: HarnessManifest,
): Promise<string[]> {
  if (page.isClosed()) return [];
  const onHarness = await page
    .evaluate(() =>
      Array.isArray((window as unknown as { __harness?: { wire?: unknown } }).__harness?.wire),
    )
    .catch(() => false);
  return onHarness ? wireProblems(page, manifest) : [];
}
