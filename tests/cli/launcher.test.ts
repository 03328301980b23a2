import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

// The launcher is plain CommonJS (bin/release-trace.js); it exports its choice for this test.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chooseEntry } = require("../../bin/release-trace.js") as {
  chooseEntry(root: string): "bundle" | "sources" | undefined;
};

/** A package or checkout layout with the given files, each modified at `at` (seconds). */
function layout(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), "release-trace-launcher-"));
  for (const [path, at] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, "");
    utimesSync(full, at, at);
  }
  return root;
}

const BUNDLE = "dist-cli/release-trace.js";
const MAIN = "src/cli/main.ts";

describe("bin/release-trace.js chooses", () => {
  it("the bundle in an installed package (no sources)", () => {
    expect(chooseEntry(layout({ [BUNDLE]: 1000 }))).toBe("bundle");
  });

  it("the bundle in a checkout while it is newer than every source file", () => {
    expect(chooseEntry(layout({ [BUNDLE]: 3000, [MAIN]: 1000, "src/core/a/b.ts": 2000 }))).toBe(
      "bundle",
    );
  });

  it("the sources when any source file changed after the build", () => {
    expect(chooseEntry(layout({ [BUNDLE]: 3000, [MAIN]: 1000, "src/core/a/b.ts": 4000 }))).toBe(
      "sources",
    );
  });

  it("the sources when the version or the manifest changed after the build", () => {
    for (const input of ["package.json", "vss-extension.json", "manifests/dev.json"]) {
      expect(chooseEntry(layout({ [BUNDLE]: 3000, [MAIN]: 1000, [input]: 4000 }))).toBe("sources");
      expect(chooseEntry(layout({ [BUNDLE]: 3000, [MAIN]: 1000, [input]: 2000 }))).toBe("bundle");
    }
  });

  it("the sources in a checkout never built", () => {
    expect(chooseEntry(layout({ [MAIN]: 1000 }))).toBe("sources");
  });

  it("nothing when neither is there", () => {
    expect(chooseEntry(layout({ "README.md": 1000 }))).toBeUndefined();
  });
});

describe("bin/release-trace.js and a reader that stops early", () => {
  it("stops when stdout closes (`| head`) with SIGPIPE's status, without an EPIPE stack", async () => {
    const bin = join(__dirname, "..", "..", "bin", "release-trace.js");
    const child = spawn(process.execPath, [bin, "work-items", "--demo", "--format", "json"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    // Like `head` that has read enough: the pipe is closed before the output is written.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(code).toBe(141);
  }, 60_000);
});
