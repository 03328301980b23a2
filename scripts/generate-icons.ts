/**
 * Draws the extension icons and writes them as PNG files:
 *   npx tsx scripts/generate-icons.ts
 * static/images/icon.png (128×128, Marketplace and widget catalog),
 * static/images/hub-icon.png (32×32, the hub) and each widget's catalog preview,
 * static/images/<widget>-preview.png (330×160). The glyph is a trace: two stations joined by a
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
/** Every sample lies within this distance of the pixel's centre (half its diagonal, rounded up). */
const HALF_DIAGONAL = 0.75;

/**
 * How many of the pixel's SAMPLES² points the shape covers. Shapes return a distance no larger
 * than the true one, so a centre farther than HALF_DIAGONAL from the edge decides every sample.
 */
function coverage(shape: Shape, px: number, py: number): number {
  const centre = shape(px + 0.5, py + 0.5);
  if (centre > HALF_DIAGONAL) return 0;
  if (centre < -HALF_DIAGONAL) return SAMPLES * SAMPLES;
  let covered = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      if (shape(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES) <= 0) covered++;
    }
  }
  return covered;
}

/**
 * Renders layers bottom to top into RGBA bytes, with straight (not premultiplied) alpha; `size` is
 * the width (and the height, unless given).
 */
export function rasterize(size: number, layers: Layer[], height = size): Uint8Array {
  const pixels = new Uint8Array(size * height * 4);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < size; px++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (const layer of layers) {
        const covered = coverage(layer.shape, px, py);
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

const PREVIEW_WIDTH = 330;
const PREVIEW_HEIGHT = 160;
const CARD_BORDER: Rgba = [214, 214, 214, 255];
const CARD: Rgba = [255, 255, 255, 255];
const INK: Rgba = [50, 49, 48, 255];
const MUTED: Rgba = [161, 159, 157, 255];
const TRACK: Rgba = [237, 235, 233, 255];
const GREEN: Rgba = [16, 124, 16, 255];
const AMBER: Rgba = [193, 156, 0, 255];
const RED: Rgba = [164, 38, 44, 255];

const rect =
  (left: number, top: number, width: number, height: number, radius: number): Shape =>
  (x, y) => {
    const qx = Math.abs(x - (left + width / 2)) - (width / 2 - radius);
    const qy = Math.abs(y - (top + height / 2)) - (height / 2 - radius);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };

/** The part of a ring from twelve o'clock clockwise through `fraction` of the turn. */
const arc = (cx: number, cy: number, outer: number, inner: number, fraction: number): Shape => {
  const band = ring(cx, cy, outer, inner);
  return (x, y) => {
    const turn = (Math.atan2(x - cx, cy - y) / (2 * Math.PI) + 1) % 1;
    // Near zero on both sides of the band, so the pixels along the arc's cut ends are sampled.
    return turn <= fraction ? Math.max(band(x, y), -0.01) : Math.max(band(x, y), 0.01);
  };
};

/** The widget's frame in the catalog: a card with a title line. */
function card(): Layer[] {
  return [
    { shape: rect(0, 0, PREVIEW_WIDTH, PREVIEW_HEIGHT, 6), color: CARD_BORDER },
    { shape: rect(1, 1, PREVIEW_WIDTH - 2, PREVIEW_HEIGHT - 2, 5), color: CARD },
    { shape: rect(16, 14, 150, 12, 3), color: INK },
  ];
}

/** Release gate status: a stage per row, its state dot, its name and what it waits on. */
function gateWidgetPreview(): Layer[] {
  const rows: [number, Rgba][] = [
    [46, GREEN],
    [82, AMBER],
    [118, RED],
  ];
  return [
    ...card(),
    ...rows.flatMap(([top, state]): Layer[] => [
      { shape: circle(30, top + 9, 8), color: state },
      { shape: rect(48, top, 120, 10, 3), color: INK },
      { shape: rect(48, top + 14, 80, 6, 3), color: MUTED },
      { shape: rect(236, top + 2, 78, 14, 7), color: TRACK },
      { shape: rect(244, top + 6, 46, 6, 3), color: state },
    ]),
  ];
}

/** Compliance score: the score ring, the trend line and the top gaps. */
function complianceWidgetPreview(): Layer[] {
  const trend = [
    [150, 86],
    [180, 80],
    [210, 84],
    [240, 66],
    [270, 60],
    [300, 48],
  ];
  return [
    ...card(),
    { shape: ring(74, 92, 44, 33), color: TRACK },
    { shape: arc(74, 92, 44, 33, 0.82), color: GREEN },
    { shape: rect(56, 86, 36, 12, 3), color: INK },
    {
      shape: union(
        ...trend
          .slice(1)
          .map(([x, y], index) => segment(trend[index][0], trend[index][1], x, y, 3)),
        ...trend.map(([x, y]) => circle(x, y, 3.5)),
      ),
      color: AZURE_BLUE,
    },
    ...[108, 124, 140].flatMap((top, index): Layer[] => [
      { shape: rect(150, top, 8, 8, 2), color: RED },
      { shape: rect(164, top + 1, 140 - index * 30, 6, 3), color: MUTED },
    ]),
  ];
}

/** Delivery metrics: four keys, each a name, a figure with its band dot and a sparkline. */
function deliveryWidgetPreview(): Layer[] {
  const keys: [number, number, Rgba, number[]][] = [
    [16, 40, GREEN, [20, 16, 12, 6, 9]],
    [170, 40, GREEN, [6, 14, 10, 12, 16]],
    [16, 98, AZURE_BLUE, [16, 16, 4, 16, 16]],
    [170, 98, AMBER, [12, 6, 14, 8, 10]],
  ];
  return [
    ...card(),
    ...keys.flatMap(([left, top, band, spark]): Layer[] => {
      const points = spark.map((lift, index) => [left + index * 30, top + 50 - lift]);
      return [
        { shape: rect(left, top, 70, 6, 3), color: MUTED },
        { shape: rect(left, top + 12, 64, 12, 3), color: INK },
        { shape: circle(left + 80, top + 18, 5), color: band },
        { shape: rect(left + 90, top + 14, 40, 8, 3), color: MUTED },
        {
          shape: union(
            ...points
              .slice(1)
              .map(([x, y], index) => segment(points[index][0], points[index][1], x, y, 2)),
          ),
          color: AZURE_BLUE,
        },
      ];
    }),
  ];
}

export interface PreviewFile {
  /** Path relative to the repository root. */
  path: string;
  width: number;
  height: number;
  png: Buffer;
}

/** The widgets' catalog previews (previewImageUrl): 330×160, what the widget looks like. */
export function renderPreviews(): PreviewFile[] {
  const draw = (path: string, layers: Layer[]): PreviewFile => ({
    path,
    width: PREVIEW_WIDTH,
    height: PREVIEW_HEIGHT,
    png: encodePng(PREVIEW_WIDTH, PREVIEW_HEIGHT, rasterize(PREVIEW_WIDTH, layers, PREVIEW_HEIGHT)),
  });
  return [
    draw("static/images/gate-widget-preview.png", gateWidgetPreview()),
    draw("static/images/compliance-widget-preview.png", complianceWidgetPreview()),
    draw("static/images/delivery-widget-preview.png", deliveryWidgetPreview()),
  ];
}

if (require.main === module) {
  const root = join(__dirname, "..");
  const files = [
    ...renderIcons().map((icon) => ({ ...icon, width: icon.size, height: icon.size })),
    ...renderPreviews(),
  ];
  for (const file of files) {
    writeFileSync(join(root, file.path), file.png);
    process.stdout.write(
      `wrote ${file.path} (${file.width}×${file.height}, ${file.png.length} bytes)\n`,
    );
  }
}
