/*
 * Compliance across many projects of one organization: which projects (all, a named list, or one
 * shard of all), scanned with bounded concurrency through ONE set of sources, so every project
 * shares the adapters' request slots and throttling back-off.
 */
import type { Project } from "../model";
import type { ProductionPattern } from "../vocabulary/production";
import {
  isSourceError,
  notAvailableOf,
  type NotAvailable,
  type SourceError,
  type Sources,
} from "../sources";
import type { Baseline } from "./baseline/types";
import { scanCompliance, type ComplianceScanResult } from "./scan";

/** One slice of the organization's projects: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Which projects a multi-project scan covers. */
export type ProjectSelection =
  { kind: "all-projects"; shard: Shard | null } | { kind: "selected-projects"; names: string[] };

export type ProjectScan =
  | { project: Project; status: "scanned"; scan: ComplianceScanResult }
  | { project: Project; status: "not-available"; reason: string; notAvailable: NotAvailable };

export interface OrgScanResult {
  /** How many projects the organization has (the full, paged listing). */
  projectsInOrganization: number;
  /** One entry per selected project, ordered by name (then id). */
  projects: ProjectScan[];
}

export interface OrgScanOptions {
  organization: string;
  baseline: Baseline;
  now: Date;
  selection: ProjectSelection;
  /** Most projects scanned at once; requests stay bounded by the sources' own limit. */
  concurrency: number;
  /** The production pattern of each project, by id (a flag, its setting or the default). */
  productionFor?: (projectId: string) => Promise<ProductionPattern>;
  onProgress?: (done: number, total: number) => void;
}

/** The bounds --concurrency accepts. */
export const PROJECT_CONCURRENCY = { default: 4, max: 32 } as const;

/** A message that names the problem when `text` is not `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard | string {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return `expected i/n, e.g. 2/4 (got "${text}")`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 1000) return `the shard count must be 1 to 1000 (got ${count})`;
  if (index < 1 || index > count) return `the shard index must be 1 to ${count} (got ${index})`;
  return { index, count };
}

const byId = (a: Project, b: Project) => compareText(a.id.toLowerCase(), b.id.toLowerCase());

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Report order: by name, case-insensitively, then by id so equal names stay stable. */
export function byProjectName(a: Project, b: Project): number {
  return compareText(a.name.toLowerCase(), b.name.toLowerCase()) || byId(a, b);
}

/**
 * Shard `index` of `count`: the projects sorted by id (ids survive renames), dealt round robin.
 * Every project lands in exactly one shard, and the same listing always deals the same way.
 */
export function projectsOfShard(projects: readonly Project[], shard: Shard): Project[] {
  return [...projects]
    .sort(byId)
    .filter((_, position) => position % shard.count === shard.index - 1);
}

/** Thrown when a named project is not in the organization: the caller's input is wrong. */
export class UnknownProjectsError extends Error {
  constructor(
    readonly unknown: string[],
    readonly known: string[],
  ) {
    super(`not in the organization: ${unknown.join(", ")}`);
    this.name = "UnknownProjectsError";
  }
}

export function selectProjects(
  projects: readonly Project[],
  selection: ProjectSelection,
): Project[] {
  if (selection.kind === "all-projects") {
    return selection.shard ? projectsOfShard(projects, selection.shard) : [...projects];
  }
  const chosen = new Map<string, Project>();
  const unknown: string[] = [];
  for (const name of selection.names) {
    const key = name.toLowerCase();
    const project = projects.find(
      (candidate) => candidate.name.toLowerCase() === key || candidate.id.toLowerCase() === key,
    );
    if (project) chosen.set(project.id, project);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    throw new UnknownProjectsError(
      unknown,
      projects.map((project) => project.name),
    );
  }
  return [...chosen.values()];
}

/** The reason line of a project that could not be read (kept in the report as it was). */
function reasonOf(error: SourceError): string {
  const status = error.status === undefined ? "" : ` (HTTP ${error.status})`;
  return `${error.kind}${status}: ${error.message}`;
}

/** The sources with the project already known, so a scan does not look it up again. */
function knowingProject(sources: Sources, project: Project): Sources {
  return {
    ...sources,
    core: {
      getProject: () => Promise.resolve(project),
      listProjects: () => sources.core.listProjects(),
    },
  };
}

/**
 * Lists every project (paged to the end by the source), selects, and scans the selection with at
 * most `concurrency` projects in flight. A project whose data cannot be read (a 403, a 404, a
 * server that keeps failing) is `not-available` with the reason; only a failure to list the
 * projects themselves is thrown, and so is anything that is not a source error (a bug).
 */
export async function scanProjects(
  sources: Sources,
  options: OrgScanOptions,
): Promise<OrgScanResult> {
  const listed = await sources.core.listProjects();
  const selected = selectProjects(listed, options.selection).sort(byProjectName);
  const results: ProjectScan[] = new Array(selected.length);
  let next = 0;
  let done = 0;
  options.onProgress?.(0, selected.length);
  const worker = async () => {
    while (next < selected.length) {
      const position = next++;
      const project = selected[position];
      try {
        const scan = await scanCompliance(knowingProject(sources, project), {
          organization: options.organization,
          project: project.id,
          baseline: options.baseline,
          now: options.now,
          ...(options.productionFor ? { productionFor: options.productionFor } : {}),
        });
        results[position] = { project, status: "scanned", scan };
      } catch (error) {
        if (!isSourceError(error)) throw error;
        results[position] = {
          project,
          status: "not-available",
          reason: reasonOf(error),
          notAvailable: notAvailableOf(`project ${project.name}`, error),
        };
      }
      options.onProgress?.(++done, selected.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, selected.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { projectsInOrganization: listed.length, projects: results };
}
