/**
 * The CLI's surfaces, run in-process against the same emulator the harness uses, read as a user
 * reads them: the table (or Markdown) output, never the engine's objects.
 */
import { runInProcess } from "../../cli/helpers";
import type { ReadContext } from "./readContext";
import { refKey, shownName, type RunRef } from "./runDirectory";
import {
  contentsFacts,
  deploymentFacts,
  stageFacts,
  workItemFacts,
  type ShownContentsRow,
} from "./facts";
import { subjects } from "./subjects";
import { fixedWidthTable, lineOf, markdownTable, type Row } from "./tables";

export interface CliContext extends ReadContext {
  orgUrl: string;
  project: string;
  /** Changes what a command printed before it is read (the mutation check's switch). */
  edit?: (argv: readonly string[], stdout: string) => string;
}

/** A deployment a cell shows: the inputs of evidence and changes. */
export interface CellDeployment {
  pipeline: string;
  environment: string;
  ref: RunRef;
}

/** Runs one command; the output is returned whatever the exit code (3 = partial is a result). */
export async function cli(context: CliContext, ...argv: string[]): Promise<string> {
  const result = await runInProcess(
    ["--org", context.orgUrl, "--project", context.project, ...argv],
    { AZURE_DEVOPS_TOKEN: "consistency-check" },
  );
  if (result.code !== 0 && result.code !== 3)
    throw new Error(`release-trace ${argv.join(" ")} exited ${result.code}: ${result.stderr}`);
  return context.edit ? context.edit(argv, result.stdout) : result.stdout;
}

/** The deployment a row names, or a note of what could not be resolved. */
function resolve(context: CliContext, pipeline: string, shown: string): RunRef | undefined {
  return context.runs.resolve(pipeline, shown);
}

/** A cell's column, under its newer header or its older one. */
function column(row: Row, ...headers: string[]): string {
  for (const header of headers) {
    const key = Object.keys(row).find((name) => name.startsWith(header));
    if (key !== undefined) return row[key];
  }
  return "";
}

const NOTHING = new Set(["", "-", "–"]);

/** `deployed` (table): one row per cell, what runs there now and any newer attempt. */
export async function readCliDeployed(context: CliContext): Promise<CellDeployment[]> {
  const surface = "cli deployed";
  const rows = fixedWidthTable(await cli(context, "deployed"), "Pipeline");
  context.log.listsAll(surface, "cell ");
  const cells: CellDeployment[] = [];
  for (const row of rows) {
    const cell = subjects.cell(row.pipeline, row.environment);
    context.log.add(surface, cell, "listed", "yes");
    const now = column(row, "runs there now", "run/release");
    const ref = NOTHING.has(now) ? undefined : resolve(context, row.pipeline, now);
    context.log.add(
      surface,
      cell,
      "current",
      NOTHING.has(now) ? "none" : ref ? refKey(ref) : `? ${now}`,
    );
    if (ref) {
      deploymentFacts(
        context,
        surface,
        { ref, environment: row.environment },
        {
          name: now,
          state: column(row, "state", "result"),
        },
      );
      cells.push({ pipeline: row.pipeline, environment: row.environment, ref });
    }
    // "Release-14: checks running (2025-03-04T06:06:46.000Z)", or "-".
    const attempt = /^(.+?): (.+?)(?: \(.*\))?$/.exec(column(row, "newer attempt"));
    const tried = attempt ? resolve(context, row.pipeline, attempt[1]) : undefined;
    context.log.add(
      surface,
      cell,
      "attempt",
      !attempt ? "none" : tried ? refKey(tried) : `? ${attempt[1]}`,
    );
    if (attempt && tried) {
      deploymentFacts(
        context,
        surface,
        { ref: tried, environment: row.environment },
        {
          name: attempt[1],
          state: attempt[2],
        },
      );
      cells.push({ pipeline: row.pipeline, environment: row.environment, ref: tried });
    }
  }
  return cells;
}

/** `gates --pending` and `gates --pipeline NAME` for each pipeline (tables). */
export async function readCliGates(context: CliContext, pipelines: string[]): Promise<void> {
  const pending = "cli gates --pending";
  context.log.listsAll(pending, "pending ");
  for (const row of fixedWidthTable(await cli(context, "gates", "--pending"), "KIND")) {
    const ref = resolve(context, row.pipeline, row["run/release"]);
    if (!ref) {
      context.log.add(pending, `pending ${row.pipeline} "${row.stage}"`, "run", row["run/release"]);
      continue;
    }
    const subject = subjects.pending(ref, row.stage);
    context.log.add(pending, subject, "listed", "yes");
    context.log.add(pending, subject, "name", shownName(row["run/release"]));
  }
  const surface = "cli gates --pipeline";
  for (const pipeline of pipelines) {
    const text = await cli(context, "gates", "--pipeline", pipeline);
    for (const row of fixedWidthTable(text, "PIPELINE", lineOf(text, "Stages ("))) {
      const ref = resolve(context, row.pipeline, row["run/release"]);
      if (ref)
        stageFacts(context, surface, ref, {
          name: row["run/release"],
          stage: row.stage,
          state: row.state,
          environment: row.environment,
        });
    }
  }
}

/** `trace --work-item ID` (table) for each work item; returns those deployed somewhere. */
export async function readCliTrace(context: CliContext, ids: number[]): Promise<number[]> {
  const deployed: number[] = [];
  for (const id of ids) {
    const rows = fixedWidthTable(await cli(context, "trace", "--work-item", String(id)), "Kind");
    if (rows.length > 0) deployed.push(id);
    workItemFacts(
      context,
      "cli trace",
      id,
      rows.map((row) => ({
        pipeline: row.pipeline,
        environment: row.environment,
        subject: row["run/release"],
        state: row.status,
        stage: row.stage,
        reached: row.reached !== "" && row.reached !== "-",
      })),
    );
  }
  return deployed;
}

/** `evidence --run ID | --release ID` (Markdown) for each deployment the cells show. */
export async function readCliEvidence(context: CliContext, refs: RunRef[]): Promise<void> {
  const surface = "cli evidence";
  for (const ref of refs) {
    const text = await cli(context, "evidence", `--${ref.kind}`, String(ref.id));
    const title = /^# Evidence pack: (?:run|release) (.*) of /m.exec(text)?.[1] ?? "?";
    for (const row of markdownTable(text, "## Stages"))
      stageFacts(context, surface, ref, {
        name: title,
        stage: row.stage,
        state: row.state ?? row.result,
        environment: row.environment,
      });
  }
}

/** "P: run N to E from B: state, deployed T." → the name and the state word. */
function changesHeadline(text: string, cell: { pipeline: string; environment: string }) {
  const headline = (text.split("\n")[0] ?? "").slice(cell.pipeline.length + 2);
  const at = headline.indexOf(` to ${cell.environment}`);
  return {
    name: headline.slice(0, at < 0 ? 0 : at),
    state: /: ([^:,]+?)(?:, deployed .*|, not deployed there)?\.$/.exec(headline)?.[1] ?? "",
  };
}

/** The work items of the "Work items (N)" section of `changes` (table), with "Already there". */
function changesWorkItems(text: string): ShownContentsRow[] {
  const from = lineOf(text, "Work items (");
  if (from < 0 || (text.split("\n")[from + 1] ?? "").startsWith("None.")) return [];
  return fixedWidthTable(text, "Id", from).map((row) => ({
    id: Number(row.id),
    already: row["already there"] ?? "",
  }));
}

/**
 * `changes --pipeline P --environment E` (table): once as is (what runs there now) and once for
 * each deployment the cells show, with what it says the deployment brought.
 */
export async function readCliChanges(
  context: CliContext,
  cells: Array<{ pipeline: string; environment: string; refs: RunRef[] }>,
): Promise<void> {
  const surface = "cli changes";
  for (const cell of cells) {
    const where = ["--pipeline", cell.pipeline, "--environment", cell.environment];
    const now = changesHeadline(await cli(context, "changes", ...where), cell);
    const current = context.runs.resolve(cell.pipeline, now.name);
    const key = subjects.cell(cell.pipeline, cell.environment);
    context.log.add(surface, key, "current", current ? refKey(current) : `? ${now.name}`);
    for (const ref of cell.refs) {
      const text = await cli(context, "changes", ...where, `--${ref.kind}`, String(ref.id));
      const shown = changesHeadline(text, cell);
      deploymentFacts(context, surface, { ref, environment: cell.environment }, shown);
      contentsFacts(
        context,
        surface,
        { ref, environment: cell.environment },
        changesWorkItems(text),
      );
    }
  }
}
