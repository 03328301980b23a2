/**
 * Retakes the Marketplace images (static/marketplace/*.png) and records the sources each one shows
 * (tests/packaging/marketplace-sources.json): runs tests/e2e/screenshots.test.ts with
 * UPDATE_MARKETPLACE=1, which also writes the screenshot matrix. Needs a build (npm run build);
 * `npm run screenshots:marketplace` builds first. The same in a POSIX shell:
 *   UPDATE_MARKETPLACE=1 npx jest --config jest.e2e.config.js tests/e2e/screenshots.test.ts
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const jest = join(ROOT, "node_modules", "jest", "bin", "jest.js");
const args = [jest, "--config", "jest.e2e.config.js", "tests/e2e/screenshots.test.ts"];
const run = spawnSync(process.execPath, args, {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, UPDATE_MARKETPLACE: "1" },
});
process.exit(run.status ?? 1);
