/**
 * The Marketplace screenshots: which images the e2e suite takes (tests/e2e/accessibility.test.ts)
 * and which ones static/marketplace/overview.md shows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
export const MARKETPLACE_DIR = join(ROOT, "static", "marketplace");
export const OVERVIEW = join(MARKETPLACE_DIR, "overview.md");

export interface MarketplaceImage {
  /** File name in static/marketplace (and test-results/marketplace for a fresh one). */
  file: string;
  theme: "light" | "dark";
  /** What it shows, for whoever edits overview.md. */
  shows: string;
}

export const MARKETPLACE_IMAGES: MarketplaceImage[] = [
  { file: "hub-light.png", theme: "light", shows: "the hub's Compliance tab" },
  { file: "hub-dark.png", theme: "dark", shows: "the hub's Compliance tab, dark theme" },
  { file: "gates-light.png", theme: "light", shows: "the Gates tab, waiting on" },
  {
    file: "traceability-light.png",
    theme: "light",
    shows: "the Traceability tab with a deployment's contents",
  },
  { file: "work-item-light.png", theme: "light", shows: "the Deployments group of a work item" },
  { file: "widgets-light.png", theme: "light", shows: "both dashboard widgets in every size" },
];

/** Local images overview.md shows, as paths relative to static/marketplace. */
export function overviewImages(markdown = readFileSync(OVERVIEW, "utf8")): string[] {
  const markdownImages = [
    ...markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g),
  ];
  const htmlImages = [...markdown.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)];
  return [...markdownImages, ...htmlImages]
    .map((match) => match[1])
    .filter((source) => !/^[a-z][a-z0-9+.-]*:/i.test(source))
    .map((source) => source.replace(/^\.\//, "").replace(/^static\/marketplace\//, ""));
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = "89504e470d0a1a0a";
  if (
    png.subarray(0, 8).toString("hex") !== signature ||
    png.toString("ascii", 12, 16) !== "IHDR"
  ) {
    throw new Error("not a PNG file");
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
