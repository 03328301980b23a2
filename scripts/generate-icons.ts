/**
 * Draws the extension icons and writes them as PNG files:
 *   npx tsx scripts/generate-icons.ts
 * static/images/icon.png (128×128, Marketplace and widget catalog) and
 * static/images/hub-icon.png (32×32, the hub). The glyph is a trace: two stations joined by a
 * line to a ringed destination. Shapes are signed-distance functions sampled 4×4 per pixel for
 * smooth edges; the output is deterministic, so a test can check the committed files are current.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

type Rgba = readonly [number, number, number, number];
/** Distance from a point to a shape's edge: negative inside. */
type Shape = (x: number, y: number) => number;

const AZURE_BLUE: Rgba = [0, 120, 212, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const SLATE: Rgba = [0, 90, 158, 255];

const circle =
  (cx: number, cy: number, radius: number): Shape =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - radius;

const ring = (cx: number, cy: number, outer: number, inner: number): Shape => {
  const outside = circle(cx, cy, outer);
  const hole = circle(cx, cy, inner);
  return (x, y) => Math.max(outside(x, y), -hole(x, y));
};

/** A line segment with round caps, `width` wide. */
const segment =
  (ax: number, ay: number, bx: number, by: number, width: number): Shape =>
  (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) - width / 2;
  };

const roundedSquare =
  (size: number, radius: number): Shape =>
  (x, y) => {
    const half = size / 2;
    const qx = Math.abs(x - half) - (half - radius);
    const qy = Math.abs(y - half) - (half - radius);
    const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
    return outside + Math.min(Math.max(qx, qy), 0) - radius;
  };

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    Math.min(...shapes.map((shape) => shape(x, y)));

/** The trace glyph in a 128-unit box. */
function traceGlyph(scale: number): Shape {
  const s = (value: number) => value * scale;
  return union(
    segment(s(30), s(86), s(62), s(54), s(9)),
    segment(s(62), s(54), s(84), s(54), s(9)),
    circle(s(30), s(86), s(12)),
    circle(s(62), s(54), s(12)),
    ring(s(96), s(54), s(17), s(8)),
  );
}

interface Layer {
  shape: Shape;
  color: Rgba;
}

const SAMPLES = 4;

/** Renders layers bottom to top into RGBA bytes, with straight (not premultiplied) alpha. */
export function rasterize(size: number, layers: Layer[]): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (const layer of layers) {
        let covered = 0;
        for (let sy = 0; sy < SAMPLES; sy++) {
          for (let sx = 0; sx < SAMPLES; sx++) {
            const x = px + (sx + 0.5) / SAMPLES;
            const y = py + (sy + 0.5) / SAMPLES;
            if (layer.shape(x, y) <= 0) covered++;
          }
        }
        const layerAlpha = (covered / (SAMPLES * SAMPLES)) * (layer.color[3] / 255);
        const outAlpha = layerAlpha + alpha * (1 - layerAlpha);
        if (outAlpha > 0) {
          const blend = (top: number, bottom: number) =>
            (top * layerAlpha + bottom * alpha * (1 - layerAlpha)) / outAlpha;
          red = blend(layer.color[0], red);
          green = blend(layer.color[1], green);
          blue = blend(layer.color[2], blue);
        }
        alpha = outAlpha;
      }
      const offset = (py * size + px) * 4;
      pixels[offset] = Math.round(red);
      pixels[offset + 1] = Math.round(green);
      pixels[offset + 2] = Math.round(blue);
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), Buffer.from(data)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes RGBA pixels as an 8-bit truecolour-with-alpha PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  const stride = width * 4;
  const scanlines = Buffer.alloc((stride + 1) * height);
  for (let row = 0; row < height; row++) {
    scanlines[row * (stride + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + row * stride, stride).copy(
      scanlines,
      row * (stride + 1) + 1,
    );
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(scanlines, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

export interface IconFile {
  /** Path relative to the repository root. */
  path: string;
  size: number;
  png: Buffer;
}

export function renderIcons(): IconFile[] {
  const iconSize = 128;
  const hubSize = 32;
  return [
    {
      path: "static/images/icon.png",
      size: iconSize,
      png: encodePng(
        iconSize,
        iconSize,
        rasterize(iconSize, [
          { shape: roundedSquare(iconSize, 24), color: AZURE_BLUE },
          { shape: traceGlyph(1), color: WHITE },
        ]),
      ),
    },
    {
      // Transparent, so it sits on light and dark navigation alike.
      path: "static/images/hub-icon.png",
      size: hubSize,
      png: encodePng(
        hubSize,
        hubSize,
        rasterize(hubSize, [{ shape: traceGlyph(hubSize / 128), color: SLATE }]),
      ),
    },
  ];
}

if (require.main === module) {
  const root = join(__dirname, "..");
  for (const icon of renderIcons()) {
    writeFileSync(join(root, icon.path), icon.png);
    process.stdout.write(
      `wrote ${icon.path} (${icon.size}×${icon.size}, ${icon.png.length} bytes)\n`,
    );
  }
}
