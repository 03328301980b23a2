/**
 * The hub's Gates tab (Waiting on, Pipeline view, Recent outcomes) and the gate status widget,
 * read from the DOM of the built bundles running in the harness.
 */
import type { Frame } from "playwright-core";
import { chooseOption, optionsOf } from "../choose";
import { cellOf, domTable } from "./domTables";
import { stageFacts } from "./facts";
import type { ReadContext } from "./readContext";
import { shownName } from "./runDirectory";
import { subjects } from "./subjects";

/** "Environment prod" → "prod". */
function environmentLine(lines: string[]): string | undefined {
  const line = lines.find((text) => /^environment /i.test(text));
  return line?.replace(/^environment /i, "");
}

/** "Run 20250304.1", "Classic release Release-15" → the name. */
function runLine(line: string | undefined): string {
  return (line ?? "").replace(/^(?:classic release|run|release)\s+/i, "");
}

/** Waiting on: every pending approval, check and gate, with its run and stage. */
export async function readWaitingOn(frame: Frame, context: ReadContext): Promise<void> {
  const surface = "hub waiting on";
  context.log.listsAll(surface, "pending ");
  const table = frame.getByRole("table", { name: "Pending approvals, checks and gates" });
  await table.waitFor({ timeout: 30000 });
  for (const row of await domTable(table)) {
    const where = cellOf(row, "pipeline").lines;
    const stage = cellOf(row, "stage").lines;
    const ref = context.runs.resolve(where[0] ?? "", runLine(where[1]));
    if (!ref) {
      context.log.add(surface, `pending ${where[0]} "${stage[0]}"`, "run", where[1] ?? "");
      continue;
    }
    const subject = subjects.pending(ref, stage[0] ?? "");
    context.log.add(surface, subject, "listed", "yes");
    context.log.add(surface, subject, "name", shownName(runLine(where[1])));
    const state = cellOf(row, "waiting on").labels[0];
    if (state)
      stageFacts(context, surface, ref, {
        name: runLine(where[1]),
        stage: stage[0] ?? "",
        state,
        environment: environmentLine(stage) ?? undefined,
      });
  }
}

const CHIP_LABEL = /^(.+), (.+): (.+)\. Show details$/;

/** Pipeline view: every pipeline and release definition, its newest runs' stage chips. */
export async function readPipelineView(frame: Frame, context: ReadContext): Promise<void> {
  const surface = "hub pipeline view";
  await frame.getByRole("tab", { name: "Pipeline view" }).click();
  const label = "Pipeline or release definition";
  await frame.getByLabel(label, { exact: true }).waitFor({ timeout: 30000 });
  for (const pipeline of await optionsOf(frame, label)) {
    await chooseOption(frame, label, pipeline);
    // This pipeline's own title (or its "has no runs"), not the previous one's.
    const title = frame.getByText(new RegExp(`^${escape(pipeline)}(?:: \\d+ newest| has no )`));
    await title.first().waitFor({ timeout: 30000 });
    const chips = await frame
      .getByRole("button", { name: /\. Show details$/ })
      .evaluateAll((buttons) =>
        buttons.map((button) => ({
          label: button.getAttribute("aria-label") ?? "",
          title: button.getAttribute("title") ?? "",
        })),
      );
    for (const chip of chips) {
      const match = CHIP_LABEL.exec(chip.label);
      if (!match) throw new Error(`unexpected stage chip: ${chip.label}`);
      const [, name, stage, state] = match;
      const ref = context.runs.resolve(pipeline, name);
      const environment = /· environment (.+?)(?: ·|$)/.exec(chip.title)?.[1];
      if (ref) stageFacts(context, surface, ref, { name, stage, state, environment });
    }
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Recent outcomes over 30 days: each rejected, timed-out or failed stage. */
export async function readRecentOutcomes(frame: Frame, context: ReadContext): Promise<void> {
  const surface = "hub recent outcomes";
  await frame.getByRole("tab", { name: "Recent outcomes" }).click();
  await chooseOption(frame, "Window", "Last 30 days");
  const table = frame.getByRole("table", { name: "Recent gate outcomes" });
  await table.waitFor({ timeout: 30000 });
  for (const row of await domTable(table)) {
    const where = cellOf(row, "pipeline").lines;
    const stage = cellOf(row, "stage").lines;
    const ref = context.runs.resolve(where[0] ?? "", runLine(where[1]));
    if (!ref) continue;
    stageFacts(context, surface, ref, {
      name: runLine(where[1]),
      stage: stage[0] ?? "",
      state: cellOf(row, "outcome").lines[0] ?? "",
      environment: environmentLine(stage),
    });
  }
}

/** The gate status widget (every size it renders) for the pipeline it is set to. */
export async function readGateWidget(
  frames: Frame[],
  context: ReadContext,
  pipeline: string,
): Promise<void> {
  const surface = "gate widget";
  for (const frame of frames) {
    const latest = frame.getByLabel("Latest run", { exact: true });
    await latest.waitFor({ timeout: 30000 });
    const name = ((await latest.innerText()).split(" · ")[1] ?? "").trim();
    const ref = context.runs.resolve(pipeline, name);
    if (!ref) {
      context.log.add(surface, `widget ${pipeline}`, "run", name);
      continue;
    }
    const labels = await frame
      .getByLabel("Stages", { exact: true })
      .locator("[aria-label]")
      .evaluateAll((elements) => elements.map((element) => element.getAttribute("aria-label")));
    for (const label of labels) {
      const match = /^(.+): ([^:]+)$/.exec(label ?? "");
      if (!match || /\. Show details$/.test(label ?? "")) continue;
      stageFacts(context, surface, ref, { name, stage: match[1], state: match[2] });
    }
  }
}
