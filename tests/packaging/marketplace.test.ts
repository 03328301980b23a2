/**
 * The Marketplace overview shows only screenshots that the e2e suite takes
 * (tests/e2e/accessibility.test.ts writes them to test-results/marketplace; UPDATE_MARKETPLACE=1
 * copies them here), and every screenshot committed here is one of those.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { MARKETPLACE_DIR, MARKETPLACE_IMAGES, overviewImages, pngSize } from "./marketplace";

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
