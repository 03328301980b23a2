/**
 * The Marketplace screenshots: which images the e2e suite takes (tests/e2e/screenshots.test.ts),
 * which ones static/marketplace/overview.md shows, and the sources each one shows.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { combinedHash, sourceHashes, type SourceHashes, type SourceSpec } from "./imageSources";

const ROOT = join(__dirname, "..", "..");
export const MARKETPLACE_DIR = join(ROOT, "static", "marketplace");
export const OVERVIEW = join(MARKETPLACE_DIR, "overview.md");

export interface MarketplaceImage {
  /** File name in static/marketplace (and test-results/marketplace for a fresh one). */
  file: string;
  theme: "light" | "dark";
  /** What it shows, for whoever edits overview.md. */
  shows: string;
  /** The sources on the picture (see imageSources.ts); their hash is recorded with the image. */
  sources: SourceSpec;
}

const HUB = "src/contributions/hub/index.tsx";
/** The demo organisation's generator: the data every picture shows. */
const DEMO = "dev/emulator/demo/generate.ts";
/** The host's theme variables, which every frame is drawn with. */
const THEME = "dev/harness/themes.ts";
/** The harness page around a frame (the work item form, the dashboard grid). */
const HOST_PAGE = "dev/harness/pages.ts";

function hubTab(view?: string): SourceSpec {
  return {
    modules: [HUB, ...(view ? [`src/ui/components/${view}.tsx`] : []), DEMO],
    files: [THEME],
  };
}

export const MARKETPLACE_IMAGES: MarketplaceImage[] = [
  {
    file: "repositories-light.png",
    theme: "light",
    shows: "the hub's Repositories tab",
    // The default tab is part of the hub's first chunk.
    sources: hubTab(),
  },
  {
    file: "compliance-light.png",
    theme: "light",
    shows: "the Compliance tab",
    sources: hubTab("ComplianceTab"),
  },
  {
    file: "compliance-dark.png",
    theme: "dark",
    shows: "the Compliance tab, dark theme",
    sources: hubTab("ComplianceTab"),
  },
  {
    file: "gates-light.png",
    theme: "light",
    shows: "the Gates tab, waiting on",
    sources: hubTab("GatesTab"),
  },
  {
    file: "traceability-light.png",
    theme: "light",
    shows: "the Traceability tab, deployed where",
    sources: hubTab("TraceTab"),
  },
  {
    file: "traceability-dark.png",
    theme: "dark",
    shows: "the Traceability tab with a deployment's contents, dark theme",
    sources: hubTab("TraceTab"),
  },
  {
    file: "delivery-light.png",
    theme: "light",
    shows: "the Delivery tab",
    sources: hubTab("DeliveryTab"),
  },
  {
    file: "work-item-light.png",
    theme: "light",
    shows: "the Deployments group of a work item",
    sources: {
      modules: ["src/contributions/work-item-deployments/index.tsx", DEMO],
      files: [THEME, HOST_PAGE],
    },
  },
  {
    file: "widgets-light.png",
    theme: "light",
    shows: "the dashboard widgets in every size",
    sources: {
      modules: [
        "src/contributions/gate-widget/index.tsx",
        "src/contributions/compliance-widget/index.tsx",
        "src/contributions/delivery-metrics-widget/index.tsx",
        DEMO,
      ],
      files: [THEME, HOST_PAGE],
    },
  },
];

/**
 * The committed record of the sources each image showed when it was taken. It lives beside this
 * test, not in static/: the manifest ships all of static/ in the .vsix, and the record is ~100 KB.
 */
export const SOURCES_RECORD = join(__dirname, "marketplace-sources.json");

export interface RecordedImage {
  shows: string;
  theme: "light" | "dark";
  /** How the sources were chosen (MarketplaceImage.sources when the image was taken). */
  spec: SourceSpec;
  /** sha256 over the sorted "path<TAB>sha256" lines of its sources. */
  hash: string;
  /** The sources it shows (their hashes are in SourcesRecord.files). */
  sources: string[];
}

export interface SourcesRecord {
  about: string;
  /** Per source path its sha256 (text with LF line endings; a package: its name and version). */
  files: SourceHashes;
  images: Record<string, RecordedImage>;
}

export function readSourcesRecord(path = SOURCES_RECORD): SourcesRecord {
  return JSON.parse(readFileSync(path, "utf8")) as SourcesRecord;
}

/** The record for the given images, from the sources as they are now. */
export function sourcesRecord(images: MarketplaceImage[]): SourcesRecord {
  const files: SourceHashes = {};
  const recorded: Record<string, RecordedImage> = {};
  for (const image of images) {
    const hashes = sourceHashes(image.sources);
    Object.assign(files, hashes);
    recorded[image.file] = {
      shows: image.shows,
      theme: image.theme,
      spec: image.sources,
      hash: combinedHash(hashes),
      sources: Object.keys(hashes),
    };
  }
  const sorted = Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((path) => [path, files[path]]),
  );
  return {
    about:
      "The sources each Marketplace image shows, when it was taken (tests/packaging/imageSources.ts).",
    files: sorted,
    images: recorded,
  };
}

/** The recorded hashes of one image's sources. */
export function recordedHashes(record: SourcesRecord, file: string): SourceHashes {
  const image = record.images[file];
  return Object.fromEntries(image.sources.map((path) => [path, record.files[path] ?? ""]));
}

/**
 * Writes the record as the repository's formatter would (prettier --check passes on it); prettier
 * runs on its own, since it cannot load inside Jest's module sandbox.
 */
export function writeSourcesRecord(record: SourcesRecord, path = SOURCES_RECORD): void {
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  const prettier = join(ROOT, "node_modules", "prettier", "bin", "prettier.cjs");
  const run = spawnSync(process.execPath, [prettier, "--write", path], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`prettier could not format ${path}: ${run.stderr}`);
}
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
