/**
 * npm start: build the production bundles if dist/ is missing or older than the sources, then run
 * the emulator (small demo, fixed seed) and the host harness until Ctrl-C.
 * `npm start -- --hostile` serves the hostile demo (script-looking text in every user field).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { banner, closeOnSignal, launchDemo } from "./harness/launch";
import { loadManifest } from "./harness/manifest";
import { DEMO_SEED } from "./emulator/index";

const ROOT = resolve(__dirname, "..");

/** Preferred ports; any that is taken falls back to a free one. */
const PORTS = { host: 5100, extension: 5101, emulator: 5102 };

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why the bundles need building, or undefined when dist/ is complete and newer than its inputs. */
function staleReason(): string | undefined {
  const dist = join(ROOT, "dist");
  if (!existsSync(dist)) return "dist/ is missing";
  const entries = loadManifest(join(ROOT, "vss-extension.json"))
    .contributions.map((contribution) => contribution.uri)
    .filter((uri) => uri.startsWith("dist/"));
  const missing = entries.filter((uri) => !existsSync(join(ROOT, uri)));
  if (missing.length > 0) return `missing ${missing.join(", ")}`;
  const oldestOutput = Math.min(...entries.map((uri) => statSync(join(ROOT, uri)).mtimeMs));
  const newestInput = Math.max(
    newestMtime(join(ROOT, "src")),
    newestMtime(join(ROOT, "webpack.config.js")),
    newestMtime(join(ROOT, "vss-extension.json")),
  );
  return newestInput > oldestOutput ? "src/ changed since the last build" : undefined;
}

function build(): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    const child = spawn("npx", ["webpack", "--mode", "production"], {
      cwd: ROOT,
      stdio: "inherit",
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolveBuild() : reject(new Error(`webpack exited with code ${code}`)),
    );
  });
}

function startOfHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);
}

async function main(): Promise<void> {
  const reason = staleReason();
  if (reason) {
    console.log(`Building the extension (${reason})…`);
    await build();
  } else {
    console.log("dist/ is up to date.");
  }
  const launched = await launchDemo({
    seed: DEMO_SEED,
    size: "small",
    // The demo's approvals and deployments read as "hours ago", not as a fixed past date.
    anchor: startOfHour(new Date()),
    hostile: process.argv.slice(2).includes("--hostile"),
    emulatorPort: PORTS.emulator,
    hostPort: PORTS.host,
    extPort: PORTS.extension,
    rootDir: ROOT,
  });
  console.log(banner(launched));
  console.log("Press Ctrl-C to stop.");
  await closeOnSignal(launched, (line) => console.log(line));
}

main().catch((error: unknown) => {
  console.error(`start: ${(error as Error).message}`);
  process.exit(1);
});
