/*
 * Merging organization compliance reports written by separate processes (one per shard or per
 * group of projects) into the report one process would have written. Inputs are checked first:
 * each must be an organization report of the same organization and baseline, and no project may
 * be in two of them. An input given twice (same scope, same projects) is counted once.
 */
import { byProjectName } from "../compliance/orgScan";
import {
  assembleOrgSarif,
  ORG_REPORT_KIND,
  orgSummary,
  type OrgComplianceReport,
  type OrgSarifLog,
  type OrgSarifProperties,
  type ProjectRef,
  type SarifNotification,
  type SelectionJson,
} from "./complianceOrg";

/** An input that cannot be merged; the message names the file and what is wrong. */
export class ReportMergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportMergeError";
  }
}

export interface NamedInput<T> {
  /** For messages: the file name as the user gave it. */
  name: string;
  value: T;
}

type Kind = "json" | "sarif";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const expected =
  "a report written by `release-trace compliance --all-projects` or `--projects` (--format json or sarif)";

/** Which of the two mergeable formats `document` is, or an error saying why it is neither. */
export function reportKind(document: unknown, name: string): Kind {
  if (isObject(document) && document.report === ORG_REPORT_KIND) {
    if (document.schemaVersion !== 1) {
      throw new ReportMergeError(
        `${name}: schemaVersion ${JSON.stringify(document.schemaVersion)} is not supported (expected 1).`,
      );
    }
    return "json";
  }
  if (isObject(document) && document.version === "2.1.0" && Array.isArray(document.runs)) {
    const run: unknown = document.runs[0];
    if (
      document.runs.length === 1 &&
      isObject(run) &&
      isObject(run.properties) &&
      run.properties.report === ORG_REPORT_KIND
    ) {
      return "sarif";
    }
    throw new ReportMergeError(
      `${name}: a SARIF log, but not one organization run of Release Trace; expected ${expected}.`,
    );
  }
  if (isObject(document) && document.schemaVersion === 1 && isObject(document.project)) {
    throw new ReportMergeError(
      `${name}: a single-project compliance report; merge takes organization reports (${expected}).`,
    );
  }
  throw new ReportMergeError(
    `${name}: not a Release Trace compliance report; expected ${expected}.`,
  );
}

function checkJsonShape(input: NamedInput<unknown>): NamedInput<OrgComplianceReport> {
  const report = input.value as Partial<OrgComplianceReport>;
  const problems: string[] = [];
  if (typeof report.organization !== "string") problems.push("organization");
  if (!isObject(report.baseline) || typeof report.baseline.digest !== "string")
    problems.push("baseline.digest");
  if (!Array.isArray(report.baseline?.rules)) problems.push("baseline.rules");
  if (!isObject(report.selection)) problems.push("selection");
  if (!isObject(report.summary) || typeof report.summary.projectsInOrganization !== "number") {
    problems.push("summary.projectsInOrganization");
  }
  if (
    !Array.isArray(report.projects) ||
    !report.projects.every(
      (entry: unknown) =>
        isObject(entry) &&
        isObject(entry.project) &&
        typeof entry.project.id === "string" &&
        typeof entry.project.name === "string" &&
        (entry.status === "not-available"
          ? typeof entry.reason === "string"
          : entry.status === "scanned" && Array.isArray(entry.results)),
    )
  ) {
    problems.push("projects");
  }
  if (problems.length > 0) {
    throw new ReportMergeError(
      `${input.name}: an organization report with missing or malformed ${problems.join(", ")}.`,
    );
  }
  return input as NamedInput<OrgComplianceReport>;
}

/** The common facts of the inputs, checked: one organization, one baseline, no overlap. */
interface InputFacts {
  name: string;
  organization: string;
  baselineDigest: string;
  baselineName: string;
  selection: SelectionJson;
  projectsInOrganization: number;
  projects: ProjectRef[];
}

/**
 * Drops repeated inputs (same scope and projects), then refuses mixed organizations, mixed
 * baselines, mixed or missing shards and any project in two inputs. Returns the indexes kept and
 * the merged scope.
 */
function reconcile(facts: InputFacts[]): {
  keep: number[];
  selection: SelectionJson;
  projectsInOrganization: number;
  duplicates: string[];
} {
  if (facts.length === 0) throw new ReportMergeError("No reports to merge.");
  const first = facts[0];
  const keep: number[] = [];
  const duplicates: string[] = [];
  const seen = new Map<string, string>();
  facts.forEach((fact, index) => {
    if (fact.organization !== first.organization) {
      throw new ReportMergeError(
        `${fact.name} is about organization "${fact.organization}", ${first.name} about "${first.organization}": merge reports of one organization.`,
      );
    }
    if (fact.baselineDigest !== first.baselineDigest) {
      throw new ReportMergeError(
        `Mixed baselines: ${fact.name} used "${fact.baselineName}" (digest ${fact.baselineDigest.slice(0, 12)}), ${first.name} used "${first.baselineName}" (digest ${first.baselineDigest.slice(0, 12)}); every part must be scanned with the same baseline.`,
      );
    }
    const key = JSON.stringify([fact.selection, fact.projects.map((project) => project.id).sort()]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      duplicates.push(`${fact.name} repeats ${earlier}; it is counted once`);
      return;
    }
    seen.set(key, fact.name);
    keep.push(index);
  });

  const kept = keep.map((index) => facts[index]);
  const owner = new Map<string, string>();
  for (const fact of kept) {
    for (const project of fact.projects) {
      const other = owner.get(project.id);
      if (other !== undefined) {
        throw new ReportMergeError(
          `Overlapping reports: project "${project.name}" is in both ${other} and ${fact.name}; each project must come from exactly one part.`,
        );
      }
      owner.set(project.id, fact.name);
    }
  }

  const kinds = new Set(kept.map((fact) => fact.selection.kind));
  if (kinds.size > 1) {
    throw new ReportMergeError(
      "Cannot merge --all-projects reports with --projects reports: the parts must be cut the same way.",
    );
  }
  if (kinds.has("selected-projects")) {
    const names = kept
      .flatMap((fact) => fact.projects)
      .sort(byProjectName)
      .map((project) => project.name);
    return {
      keep,
      selection: { kind: "selected-projects", names },
      projectsInOrganization: Math.max(...kept.map((fact) => fact.projectsInOrganization)),
      duplicates,
    };
  }
  // --all-projects parts: either the single whole report, or every shard of one count.
  const shards = kept.map((fact) =>
    fact.selection.kind === "all-projects" ? fact.selection.shard : null,
  );
  if (kept.length === 1 && shards[0] === null) {
    return {
      keep,
      selection: kept[0].selection,
      projectsInOrganization: kept[0].projectsInOrganization,
      duplicates,
    };
  }
  const whole = kept.find((_, index) => shards[index] === null);
  if (whole) {
    throw new ReportMergeError(
      `${whole.name} already covers every project; it cannot be merged with other parts.`,
    );
  }
  const counts = new Set(shards.map((shard) => shard?.count));
  if (counts.size > 1) {
    throw new ReportMergeError(
      `The shards were cut differently (${[...counts].map((count) => `/${count}`).join(", ")}); merge the shards of one --shard i/n matrix.`,
    );
  }
  const count = shards[0]?.count ?? 1;
  const present = new Set(shards.map((shard) => shard?.index));
  if (present.size !== shards.length) {
    const repeated = shards.find(
      (shard, index) => shards.findIndex((other) => other?.index === shard?.index) !== index,
    );
    throw new ReportMergeError(
      `Overlapping reports: shard ${repeated?.index}/${count} is given twice with different contents.`,
    );
  }
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter(
    (index) => !present.has(index),
  );
  if (missing.length > 0) {
    throw new ReportMergeError(
      `Missing shard(s) ${missing.map((index) => `${index}/${count}`).join(", ")}: the merged report would leave out their projects.`,
    );
  }
  const totals = new Set(kept.map((fact) => fact.projectsInOrganization));
  if (totals.size > 1) {
    throw new ReportMergeError(
      `The shards saw different project counts (${[...totals].join(", ")}): the organization changed between them, so the shards may overlap or miss projects; run them again.`,
    );
  }
  return {
    keep,
    selection: { kind: "all-projects", shard: null },
    projectsInOrganization: kept[0].projectsInOrganization,
    duplicates,
  };
}

export interface MergeOutcome<T> {
  merged: T;
  /** Notes for stderr, e.g. a repeated input that was counted once. */
  notes: string[];
}

/** JSON inputs into one organization report; `generatedAt` is the merge time. */
export function mergeOrgReports(
  inputs: NamedInput<unknown>[],
  generatedAt: Date,
): MergeOutcome<OrgComplianceReport> {
  const reports = inputs.map((input) => {
    if (reportKind(input.value, input.name) !== "json") {
      throw new ReportMergeError(
        `${input.name}: a SARIF log; merging into JSON needs JSON reports.`,
      );
    }
    return checkJsonShape(input);
  });
  const { keep, selection, projectsInOrganization, duplicates } = reconcile(
    reports.map(({ name, value }) => ({
      name,
      organization: value.organization,
      baselineDigest: value.baseline.digest,
      baselineName: value.baseline.name,
      selection: value.selection,
      projectsInOrganization: value.summary.projectsInOrganization,
      projects: value.projects.map((entry) => entry.project),
    })),
  );
  const kept = keep.map((index) => reports[index].value);
  const projects = kept
    .flatMap((report) => report.projects)
    .sort((a, b) => byProjectName(a.project, b.project));
  const calls = kept.map((report) => report.summary.restCalls);
  const restCalls = calls.every((value): value is number => typeof value === "number")
    ? calls.reduce((sum, value) => sum + value, 0)
    : null;
  const first = kept[0];
  return {
    merged: {
      schemaVersion: 1,
      report: ORG_REPORT_KIND,
      organization: first.organization,
      orgUrl: first.orgUrl,
      generatedAt: generatedAt.toISOString(),
      toolVersion: first.toolVersion,
      baseline: first.baseline,
      selection,
      projects,
      summary: orgSummary(projects, projectsInOrganization, restCalls),
    },
    notes: duplicates,
  };
}

function checkSarifShape(input: NamedInput<unknown>): NamedInput<OrgSarifLog> {
  const run = (input.value as OrgSarifLog).runs[0];
  const properties: Partial<OrgSarifProperties> = run.properties;
  const ok =
    isObject(run.tool) &&
    isObject(run.tool.driver) &&
    Array.isArray(run.tool.driver.rules) &&
    Array.isArray(run.results) &&
    typeof properties.organization === "string" &&
    typeof properties.baselineDigest === "string" &&
    isObject(properties.selection) &&
    Array.isArray(properties.projects) &&
    typeof properties.projectsInOrganization === "number" &&
    run.results.every(
      (result: unknown) =>
        isObject(result) &&
        isObject(result.properties) &&
        typeof result.properties.projectId === "string",
    );
  if (!ok) {
    throw new ReportMergeError(
      `${input.name}: an organization SARIF run with missing or malformed parts (tool.driver.rules, results, properties).`,
    );
  }
  return input as NamedInput<OrgSarifLog>;
}

/**
 * SARIF inputs into one organization log: one run, the rule table of the (same) baseline, results
 * concatenated in project order with exact repeats dropped, and every not-available notification
 * kept.
 */
export function mergeOrgSarif(inputs: NamedInput<unknown>[]): MergeOutcome<OrgSarifLog> {
  const logs = inputs.map((input) => {
    if (reportKind(input.value, input.name) !== "sarif") {
      throw new ReportMergeError(
        `${input.name}: a JSON report; merging into SARIF takes SARIF logs (or use JSON parts with --format json, then write SARIF from the merged JSON).`,
      );
    }
    return checkSarifShape(input);
  });
  const { keep, selection, projectsInOrganization, duplicates } = reconcile(
    logs.map(({ name, value }) => {
      const properties = value.runs[0].properties;
      return {
        name,
        organization: properties.organization,
        baselineDigest: properties.baselineDigest,
        baselineName: properties.baselineName,
        selection: properties.selection,
        projectsInOrganization: properties.projectsInOrganization,
        projects: properties.projects,
      };
    }),
  );
  const runs = keep.map((index) => logs[index].value.runs[0]);
  const results = new Map<string, OrgSarifLog["runs"][0]["results"]>();
  const notifications = new Map<string, SarifNotification[]>();
  const seenResults = new Set<string>();
  const seenNotes = new Set<string>();
  for (const run of runs) {
    for (const result of run.results) {
      const projectId = String(result.properties.projectId);
      const key = JSON.stringify([
        projectId,
        result.ruleId,
        result.partialFingerprints,
        result.locations,
      ]);
      if (seenResults.has(key)) continue;
      seenResults.add(key);
      results.set(projectId, [...(results.get(projectId) ?? []), result]);
    }
    for (const note of run.invocations?.[0]?.toolExecutionNotifications ?? []) {
      const projectId = note.properties?.projectId ?? "";
      const key = `${projectId}\u0000${note.message.text}`;
      if (seenNotes.has(key)) continue;
      seenNotes.add(key);
      notifications.set(projectId, [...(notifications.get(projectId) ?? []), note]);
    }
  }
  const first = runs[0];
  return {
    merged: assembleOrgSarif({
      driver: first.tool.driver,
      properties: {
        ...first.properties,
        selection,
        projectsInOrganization,
        projects: runs.flatMap((run) => run.properties.projects),
      },
      results,
      notifications,
    }),
    notes: duplicates,
  };
}
