import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { crc32, encodePng, renderIcons, renderPreviews } from "../../scripts/generate-icons";

const root = join(__dirname, "..", "..");

interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  pixels: Buffer;
}

/** Minimal PNG reader for what encodePng writes (RGBA, filter 0), checking every CRC. */
function readPng(bytes: Buffer): PngInfo {
  expect(bytes.subarray(0, 8)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("ascii", offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = bytes.readUInt32BE(offset + 8 + length);
    expect(crc).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    if (type === "IHDR") header = body;
    if (type === "IDAT") data.push(body);
    if (type === "IEND") ended = true;
    offset += 12 + length;
  }
  expect(ended).toBe(true);
  if (!header) throw new Error("no IHDR chunk");
  return {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    bitDepth: header[8],
    colourType: header[9],
    pixels: inflateSync(Buffer.concat(data)),
  };
}

describe("icons", () => {
  it("crc32 matches the PNG specification's check value", () => {
    expect(crc32(Buffer.from("123456789", "ascii"))).toBe(0xcbf43926);
  });

  it("encodes pixels that decode back unchanged", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 9, 9, 9, 9]);
    const png = readPng(encodePng(2, 2, rgba));
    expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([2, 2, 8, 6]);
    // Each row: a filter byte (0) then 2 RGBA pixels.
    expect([...png.pixels]).toEqual([0, ...rgba.slice(0, 8), 0, ...rgba.slice(8)]);
  });

  it.each(renderIcons().map((icon) => [icon.path, icon] as const))(
    "%s is a current, valid PNG of the right size",
    (path, icon) => {
      const committed = readFileSync(join(root, path));
      // Regenerate with `npx tsx scripts/generate-icons.ts` when the drawing changes.
      expect(committed.equals(icon.png)).toBe(true);
      const png = readPng(committed);
      expect([png.width, png.height]).toEqual([icon.size, icon.size]);
      expect([png.bitDepth, png.colourType]).toEqual([8, 6]);
    },
  );

  it("draws a glyph, not an empty or uniform image", () => {
    const [icon] = renderIcons();
    const png = readPng(icon.png);
    const colours = new Set<string>();
    const stride = icon.size * 4 + 1;
    for (let row = 0; row < icon.size; row++) {
      for (let column = 0; column < icon.size; column++) {
        const at = row * stride + 1 + column * 4;
        colours.add(png.pixels.subarray(at, at + 4).toString("hex"));
      }
    }
    // Background blue, glyph white, transparent corners and anti-aliased edges between them.
    expect(colours.has("0078d4ff")).toBe(true);
    expect(colours.has("ffffffff")).toBe(true);
    expect(colours.has("00000000")).toBe(true);
  });
});

describe("widget catalog previews", () => {
  const manifest = JSON.parse(readFileSync(join(root, "vss-extension.json"), "utf8")) as {
    contributions: { type: string; properties: { previewImageUrl?: string } }[];
  };
  const previews = renderPreviews();

  it.each(previews.map((preview) => [preview.path, preview] as const))(
    "%s is a current 330×160 PNG",
    (path, preview) => {
      const committed = readFileSync(join(root, path));
      // Regenerate with `npx tsx scripts/generate-icons.ts` when the drawing changes.
      expect(committed.equals(preview.png)).toBe(true);
      const png = readPng(committed);
      expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([330, 160, 8, 6]);
    },
  );

  it("is what every widget shows in the catalog, one each, not the icon", () => {
    const widgets = manifest.contributions.filter(
      (contribution) => contribution.type === "ms.vss-dashboards-web.widget",
    );
    const shown = widgets.map((widget) => widget.properties.previewImageUrl);
    expect(new Set(shown).size).toBe(widgets.length);
    for (const path of shown) expect(previews.map((preview) => preview.path)).toContain(path);
  });
});
