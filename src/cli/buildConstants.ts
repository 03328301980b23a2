import packageJson from "../../package.json";
import manifest from "../../vss-extension.json";

// Set by the CLI bundle's build (scripts/build-cli.ts, esbuild `define`); undeclared when the CLI
// runs from its TypeScript sources, which then read the checkout's own package.json and manifest.
declare const RELEASE_TRACE_PUBLISHER: string;
declare const RELEASE_TRACE_EXTENSION: string;
declare const RELEASE_TRACE_VERSION: string;
declare const RELEASE_TRACE_BUNDLED: boolean;

/**
 * What the build decided: the version, and the installed extension whose data the CLI reads and
 * writes. A dev build carries the dev manifest's publisher and id, so a dev CLI and a dev
 * extension never touch a production installation's data.
 */
export const buildConstants = {
  publisher:
    typeof RELEASE_TRACE_PUBLISHER === "string" ? RELEASE_TRACE_PUBLISHER : manifest.publisher,
  extension: typeof RELEASE_TRACE_EXTENSION === "string" ? RELEASE_TRACE_EXTENSION : manifest.id,
  version: typeof RELEASE_TRACE_VERSION === "string" ? RELEASE_TRACE_VERSION : packageJson.version,
  /** True in dist-cli/release-trace.js, which loads TypeScript (the demo emulator) through tsx. */
  bundled: typeof RELEASE_TRACE_BUNDLED === "boolean" ? RELEASE_TRACE_BUNDLED : false,
} as const;
