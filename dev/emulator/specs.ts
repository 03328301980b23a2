/**
 * The official 7.1 OpenAPI specs (`../shared/ado-rest-specs` beside the checkout, or
 * ADO_REST_SPECS): where they are, and an index of their operations by method and path template.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Spec id → file under the specs folder (ids name the documents in the schema validators). */
export const SPEC_FILES: Record<string, string> = {
  core: "core/7.1/core.json",
  git: "git/7.1/git.json",
  policy: "policy/7.1/policy.json",
  build: "build/7.1/build.json",
  pipelines: "pipelines/7.1/pipelines.json",
  taskAgent: "distributedTask/7.1/taskAgent.json",
  checks: "approvalsAndChecks/7.1/pipelinesChecks.json",
  approvals: "approvalsAndChecks/7.1/pipelinesapproval.json",
  release: "release/7.1/release.json",
  wit: "wit/7.1/workItemTracking.json",
};

export interface SpecDocument {
  paths: Record<string, Record<string, SpecOperation>>;
  definitions: Record<string, unknown>;
}

export interface SpecOperation {
  operationId?: string;
  parameters?: { in?: string; name?: string; required?: boolean }[];
  responses?: Record<string, { schema?: unknown }>;
}

export interface IndexedOperation {
  spec: string;
  method: string;
  /** The spec's path template, e.g. `/{organization}/{project}/_apis/git/repositories`. */
  template: string;
  operationId: string;
  /** Segments before `_apis` after the organisation: `{project}`, `{team}`. */
  scopeSegments: number;
  /** Segments after `_apis`, lower-cased; `{x}` for a parameter. */
  segments: string[];
  /** Query parameters the operation requires (lower-cased): absent, it is another operation. */
  requiredQuery: string[];
  /** The success answer's schema, if the spec declares one. */
  schema?: unknown;
}

/**
 * A folder of the shared reference material (`ado-rest-specs`, `ado-recordings`): the environment
 * variable if set, else `shared/<name>` beside the checkout (CI clones it next to the
 * repository) or beside a folder above it (a checkout in a worktree folder). Throws when it is
 * not there: a missing copy is a setup error, never a reason to skip the checks.
 */
export function sharedFolder(name: string, variable: string, probe: string): string {
  const fromEnvironment = process.env[variable];
  const checkout = join(__dirname, "..", "..");
  const candidates = fromEnvironment
    ? [fromEnvironment]
    : [1, 2, 3].map((up) => join(checkout, ...Array<string>(up).fill(".."), "shared", name));
  const found = candidates.find((folder) => existsSync(join(folder, probe)));
  if (!found) {
    throw new Error(
      `${name} not found (looked in ${candidates.join(", ")}); put the shared material beside the checkout or set ${variable}.`,
    );
  }
  return found;
}

/** The specs folder (ADO_REST_SPECS, or `../shared/ado-rest-specs`). */
export function specRoot(): string {
  return sharedFolder("ado-rest-specs", "ADO_REST_SPECS", SPEC_FILES.git);
}

export function loadSpec(root: string, id: string): SpecDocument {
  // The spec files start with a UTF-8 byte-order mark.
  const text = readFileSync(join(root, SPEC_FILES[id]), "utf8").replace(/^\uFEFF/, "");
  return JSON.parse(text) as SpecDocument;
}

/** Every operation of every spec, for matching answered requests to their operation. */
export function indexOperations(specs: Record<string, SpecDocument>): IndexedOperation[] {
  const out: IndexedOperation[] = [];
  for (const [spec, document] of Object.entries(specs)) {
    for (const [template, methods] of Object.entries(document.paths)) {
      const parts = template.split("/").filter((part) => part !== "");
      const apis = parts.findIndex((part) => part.toLowerCase() === "_apis");
      if (apis < 0) continue;
      for (const [method, operation] of Object.entries(methods)) {
        if (method === "parameters") continue;
        out.push({
          spec,
          method: method.toUpperCase(),
          template,
          operationId: operation.operationId ?? `${method} ${template}`,
          scopeSegments: apis - 1,
          segments: parts.slice(apis + 1).map((part) => (part.startsWith("{") ? "{x}" : part)),
          requiredQuery: (operation.parameters ?? [])
            .filter((parameter) => parameter.in === "query" && parameter.required)
            .map((parameter) => (parameter.name ?? "").toLowerCase()),
          schema: successSchema(operation),
        });
      }
    }
  }
  return out;
}

function successSchema(operation: SpecOperation): unknown {
  const responses = operation.responses ?? {};
  const status = ["200", "201", "202"].find((code) => responses[code]?.schema !== undefined);
  return status === undefined ? undefined : responses[status].schema;
}

/**
 * The operation a request answers: same method, literals equal (any case), required query
 * parameters present; trailing path parameters may be left out (the clients drop an optional
 * last segment, e.g. `timeline/{timelineId}`). The most literal segments wins, then a full-length
 * template, then the same project/team scope depth.
 */
export function matchOperation(
  operations: readonly IndexedOperation[],
  request: { method: string; scopeDepth: number; rest: readonly string[]; query: string[] },
): IndexedOperation | undefined {
  const { rest } = request;
  let best: { operation: IndexedOperation; score: number } | undefined;
  for (const operation of operations) {
    const { segments } = operation;
    if (operation.method !== request.method || segments.length < rest.length) continue;
    if (segments.slice(rest.length).some((segment) => segment !== "{x}")) continue;
    if (operation.requiredQuery.some((name) => !request.query.includes(name))) continue;
    let literals = 0;
    const fits = rest.every((part, index) => {
      if (segments[index] === "{x}") return true;
      literals++;
      return segments[index].toLowerCase() === part.toLowerCase();
    });
    if (!fits) continue;
    const score =
      literals * 100 +
      (segments.length === rest.length ? 10 : 0) +
      (operation.scopeSegments === request.scopeDepth ? 1 : 0);
    if (!best || score > best.score) best = { operation, score };
  }
  return best?.operation;
}
