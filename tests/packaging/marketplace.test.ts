/**
 * The Marketplace overview shows only screenshots that the e2e suite takes
 * (tests/e2e/screenshots.test.ts writes them to test-results/marketplace; UPDATE_MARKETPLACE=1
 * copies them here and records the sources each one shows), every screenshot committed here is one
 * of those, and none shows sources that changed since it was taken.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { combinedHash, sourceChanges, sourceHashes, sourcePaths } from "./imageSources";
import {
  MARKETPLACE_DIR,
  MARKETPLACE_IMAGES,
  overviewImages,
  pngSize,
  readSourcesRecord,
  recordedHashes,
} from "./marketplace";

const RETAKE = "retake them: npm run screenshots:marketplace";

describe("static/marketplace", () => {
  const taken = new Set(MARKETPLACE_IMAGES.map((image) => image.file));

  it("overview.md shows only images the e2e suite takes, and they are committed", () => {
    const shown = overviewImages();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((file) => !taken.has(file))).toEqual([]);
    expect(shown.filter((file) => !existsSync(join(MARKETPLACE_DIR, file)))).toEqual([]);
  });

  it("holds no screenshot the e2e suite does not take (a stale one would never be refreshed)", () => {
    const committed = readdirSync(MARKETPLACE_DIR).filter((file) =>
      /\.(png|jpe?g|gif)$/i.test(file),
    );
    expect(committed.filter((file) => !taken.has(file))).toEqual([]);
  });

  it("commits every image the suite takes as a real PNG", () => {
    for (const image of MARKETPLACE_IMAGES) {
      const size = pngSize(readFileSync(join(MARKETPLACE_DIR, image.file)));
      expect(size.width).toBeGreaterThan(0);
      expect(size.height).toBeGreaterThan(0);
    }
  });
});

describe("tests/packaging/marketplace-sources.json", () => {
  const record = readSourcesRecord();

  it("records the sources of every image the suite takes, and of no other", () => {
    expect(Object.keys(record.images).sort()).toEqual(
      MARKETPLACE_IMAGES.map((image) => image.file).sort(),
    );
    for (const image of MARKETPLACE_IMAGES) {
      expect({ file: image.file, spec: record.images[image.file]?.spec }).toEqual({
        file: image.file,
        spec: image.sources,
      });
    }
  });

  it("holds for each image the hash of the sources it records", () => {
    for (const [file, image] of Object.entries(record.images)) {
      const hashes = recordedHashes(record, file);
      expect({ file, hash: combinedHash(hashes) }).toEqual({ file, hash: image.hash });
    }
  });

  it("no image shows sources that changed since it was taken", () => {
    const stale = MARKETPLACE_IMAGES.flatMap((image) => {
      if (!record.images[image.file]) return [];
      const changes = sourceChanges(
        recordedHashes(record, image.file),
        sourceHashes(image.sources),
      );
      return changes.length === 0 ? [] : [`${image.file}: ${changes.join(", ")}`];
    });
    expect(stale.length === 0 ? [] : [...stale, RETAKE]).toEqual([]);
  });
});

describe("sourcePaths", () => {
  const traceability = sourcePaths({
    modules: ["src/contributions/hub/index.tsx", "src/ui/components/TraceTab.tsx"],
  });

  it("follows imports into the tab shown, its style sheets and the browser build's modules", () => {
    expect(traceability).toEqual(
      expect.arrayContaining([
        "src/contributions/hub/index.tsx",
        "src/ui/components/HubPage.tsx",
        "src/ui/components/TraceTab.tsx",
        "src/ui/components/trace.css",
        "src/adapters/ado/lazyApiClients.browser.ts",
      ]),
    );
    expect(traceability).not.toContain("src/adapters/ado/lazyApiClients.ts");
  });

  it("leaves out the tabs the picture does not load, and counts packages by version", () => {
    expect(traceability).not.toContain("src/ui/components/ComplianceTab.tsx");
    expect(traceability).not.toContain("src/ui/components/DeliveryTab.tsx");
    const ui = JSON.parse(
      readFileSync(
        join(__dirname, "..", "..", "node_modules", "azure-devops-ui", "package.json"),
        "utf8",
      ),
    ) as { version: string };
    expect(traceability).toContain(`npm:azure-devops-ui@${ui.version}`);
    expect(traceability.filter((path) => path.startsWith("node:"))).toEqual([]);
  });

  it("refuses a module that does not exist", () => {
    expect(() => sourcePaths({ modules: ["src/ui/components/NoSuchTab.tsx"] })).toThrow(
      "src/ui/components/NoSuchTab.tsx does not exist",
    );
  });
});

describe("sourceChanges", () => {
  it("names what changed, appeared or went away", () => {
    expect(sourceChanges({ a: "1", b: "2", c: "3" }, { a: "1", b: "9", d: "4" })).toEqual([
      "b (changed)",
      "c (no longer shown)",
      "d (new)",
    ]);
    expect(sourceChanges({ a: "1" }, { a: "1" })).toEqual([]);
  });
});

describe("overviewImages", () => {
  it("finds Markdown and HTML images and skips remote ones", () => {
    const markdown = [
      "![a](static/marketplace/one.png)",
      '![b](./two.png "title")',
      '<img alt="c" src="static/marketplace/three.png">',
      "![d](https://example.com/remote.png)",
      "[not an image](static/marketplace/four.png)",
    ].join("\n");
    expect(overviewImages(markdown)).toEqual(["one.png", "two.png", "three.png"]);
  });
});

describe("pngSize", () => {
  it("reads the IHDR size and refuses what is not a PNG", () => {
    const header = Buffer.alloc(24);
    Buffer.from("89504e470d0a1a0a", "hex").copy(header, 0);
    header.write("IHDR", 12, "ascii");
    header.writeUInt32BE(640, 16);
    header.writeUInt32BE(480, 20);
    expect(pngSize(header)).toEqual({ width: 640, height: 480 });
    expect(() => pngSize(Buffer.from("GIF89a................"))).toThrow("not a PNG");
  });
});
