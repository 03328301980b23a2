import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildConstants } from "./buildConstants";
import { UsageError } from "./errors";

// A name in a variable, so the bundler leaves tsx (a dev dependency) out of the bundle.
const TSX_HOOK = "tsx/cjs/api";

/** What `--demo` needs of the emulator that lives in the checkout's dev/ folder. */
export interface DemoEmulator {
  seed: number;
  start(): Promise<{ orgUrl: string; project: { name: string }; close(): Promise<void> }>;
  /** The fixed instant the demo organization's dates hang off. */
  anchor: Date;
}

interface EmulatorModule {
  DEMO_SEED: number;
  startEmulator(options: {
    port: number;
    seed: number;
    size: "small";
  }): ReturnType<DemoEmulator["start"]>;
}

interface GeneratorModule {
  anchorFor(seed: number): Date;
}

/** The checkout this code runs from: src/cli/ for the sources, dist-cli/ for the bundle. */
function checkoutRoot(): string {
  return buildConstants.bundled ? join(__dirname, "..") : join(__dirname, "..", "..");
}

/**
 * The demo emulator, loaded at run time from the checkout: the CLI ships no dev code, and an
 * installed copy without dev/ says so instead of failing on a missing import. The path is
 * computed, so no bundler or packager follows it.
 */
export function loadDemoEmulator(root = checkoutRoot()): DemoEmulator {
  const folder = join(root, "dev", "emulator");
  const emulatorPath = join(folder, "index.ts");
  const generatorPath = join(folder, "demo", "generate.ts");
  if (!existsSync(emulatorPath) || !existsSync(generatorPath)) {
    throw new UsageError(
      "--demo needs the demo emulator of a source checkout (dev/emulator), which this installation does not include. Clone the repository and run it from there, or give --org and --project.",
    );
  }
  // module.require, not import(): the CLI runs as CommonJS under tsx, whose hook compiles .ts
  // files for require only. The bundle has no hook yet: it loads the checkout's tsx first.
  if (buildConstants.bundled) module.require(TSX_HOOK).register();
  const emulator = module.require(emulatorPath) as EmulatorModule;
  const generator = module.require(generatorPath) as GeneratorModule;
  const seed = emulator.DEMO_SEED;
  return {
    seed,
    anchor: generator.anchorFor(seed),
    start: () => emulator.startEmulator({ port: 0, seed, size: "small" }),
  };
}
