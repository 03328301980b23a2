/**
 * The shared reference material (the official OpenAPI specs, the recorded dev.azure.com answers)
 * sits beside the checkout in `../shared`, as in CI; ADO_REST_SPECS and ADO_RECORDINGS point
 * elsewhere. A missing copy is a setup error, never a reason to skip a contract check.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { load } from "js-yaml";

const REPOSITORY = resolve(__dirname, "..", "..");

function located(variable: string, folder: string): string {
  const root = process.env[variable] ?? join(REPOSITORY, "..", "shared", folder);
  if (!existsSync(root)) {
    throw new Error(`${folder} not found at ${root}; set ${variable} to its folder.`);
  }
  return root;
}

export function specRoot(): string {
  return located("ADO_REST_SPECS", "ado-rest-specs");
}

export function recordingsRoot(): string {
  return located("ADO_RECORDINGS", "ado-recordings");
}

/** A spec file as JSON (the files start with a byte-order mark). */
export function readSpec(file: string): unknown {
  return JSON.parse(readFileSync(join(specRoot(), file), "utf8").replace(/^\uFEFF/, ""));
}

export interface RecordedInteraction {
  file: string;
  index: number;
  request: { method: string; uri: string; headers: Record<string, string[]> };
  response: { status: { code: number }; headers: Record<string, string[]> };
}

/** Every interaction of every cassette. */
export function recordedInteractions(): RecordedInteraction[] {
  const root = recordingsRoot();
  return readdirSync(root)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .flatMap((file) => {
      const cassette = load(readFileSync(join(root, file), "utf8")) as {
        interactions: Omit<RecordedInteraction, "file" | "index">[];
      };
      return cassette.interactions.map((interaction, index) => ({ ...interaction, file, index }));
    });
}
