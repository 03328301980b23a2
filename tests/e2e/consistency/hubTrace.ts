/**
 * The hub's Traceability tab and the work item form group, read from the DOM of the built bundles
 * running in the harness: accessible names and rendered text, as a user (or a screen reader) gets.
 */
import type { Frame, Locator, Page } from "playwright-core";
import { cellOf, domTable } from "./domTables";
import { contentsFacts, deploymentFacts, workItemFacts, type ShownWorkItemRow } from "./facts";
import type { ReadContext } from "./readContext";
import { refKey, type RunRef } from "./runDirectory";
import { subjects } from "./subjects";

/** A deployed-where cell as the matrix shows it, and the accessible name that opens it. */
export interface HubCell {
  pipeline: string;
  environment: string;
  ref?: RunRef;
  button: string;
}

/** "P to E: run N, State. Show …" or "P to E: newer attempt run N, State, not deployed. Show …". */
const CELL_LABEL =
  /^(.+?) to (.+?): (newer attempt )?([^,]*), ([^,]+?)(?:, not deployed)?\. Show what it contains$/;

/** The deployed-where matrix: every cell's current deployment and newer attempt, and states. */
export async function readHubMatrix(frame: Frame, context: ReadContext): Promise<HubCell[]> {
  const surface = "hub matrix";
  context.log.listsAll(surface, "cell ");
  const labels = await frame
    .getByRole("button", { name: /Show what it contains$/ })
    .evaluateAll((buttons) => buttons.map((button) => button.getAttribute("aria-label") ?? ""));
  const cells: HubCell[] = [];
  const attempts = new Set<string>();
  for (const label of labels) {
    const match = CELL_LABEL.exec(label);
    if (!match) throw new Error(`unexpected deployed-where cell: ${label}`);
    const [, pipeline, environment, attempt, name, state] = match;
    const cell = subjects.cell(pipeline, environment);
    const ref = context.runs.resolve(pipeline, name);
    context.log.add(surface, cell, "listed", "yes");
    context.log.add(
      surface,
      cell,
      attempt ? "attempt" : "current",
      ref ? refKey(ref) : `? ${name}`,
    );
    if (attempt) attempts.add(cell);
    if (ref) deploymentFacts(context, surface, { ref, environment }, { name, state });
    cells.push({ pipeline, environment, ref, button: label });
  }
  const currents = new Set(
    cells
      .filter((item) => !/: newer attempt /.test(item.button))
      .map((item) => subjects.cell(item.pipeline, item.environment)),
  );
  for (const cell of new Set(cells.map((item) => subjects.cell(item.pipeline, item.environment)))) {
    if (!attempts.has(cell)) context.log.add(surface, cell, "attempt", "none");
    if (!currents.has(cell)) context.log.add(surface, cell, "current", "none");
  }
  return cells;
}

/** The contents panel of each cell: what it says was deployed, its state, the work items. */
export async function readHubContents(
  frame: Frame,
  context: ReadContext,
  cells: HubCell[],
): Promise<void> {
  const surface = "hub contents";
  for (const cell of cells) {
    if (!cell.ref) continue;
    await frame.getByRole("button", { name: cell.button, exact: true }).click();
    const panel = frame.getByLabel("Deployment contents", { exact: true });
    const workItems = panel.getByRole("region", { name: "Work items", exact: true });
    await workItems.waitFor({ timeout: 30000 });
    const headline = (await panel.locator("div").first().innerText()).replace(/\s+/g, " ");
    const state = (await panel.locator(".rt-trace-status").first().innerText()).trim();
    const at = headline.indexOf(` to ${cell.environment}`);
    const name = headline.slice(state.length, at < 0 ? undefined : at).trim();
    deploymentFacts(
      context,
      surface,
      { ref: cell.ref, environment: cell.environment },
      {
        name,
        state,
      },
    );
    const rows = (await workItems.locator("table").count())
      ? await domTable(workItems.locator("table").first())
      : [];
    contentsFacts(
      context,
      surface,
      { ref: cell.ref, environment: cell.environment },
      rows.map((row) => ({
        id: Number(cellOf(row, "id").lines[0]),
        already: cellOf(row, "already there").lines.join(" "),
      })),
    );
    await frame.getByRole("button", { name: "Close" }).first().click();
    await panel.waitFor({ state: "detached" });
  }
}

/** "YAML · DeployDev" → "DeployDev". */
function afterDot(line: string | undefined): string | undefined {
  return line?.split(" · ").slice(1).join(" · ");
}

/** The Work item lookup tab, one work item after the other. */
export async function readHubLookup(
  frame: Frame,
  context: ReadContext,
  ids: number[],
): Promise<void> {
  await frame.getByRole("tab", { name: "Work item lookup" }).click();
  for (const id of ids) {
    await frame.getByLabel("Work item id").fill(String(id));
    await frame.getByRole("button", { name: "Trace", exact: true }).click();
    const path = frame.getByLabel("Work item path", { exact: true });
    await path.getByRole("link", { name: new RegExp(`\\b${id}$`) }).waitFor({ timeout: 30000 });
    const environments = path.getByRole("region", { name: "Environments", exact: true });
    const table = environments.locator("table");
    const rows = (await table.count()) ? await domTable(table.first()) : [];
    const shown = rows.map((row): ShownWorkItemRow => ({
      environment: cellOf(row, "environment").lines[0] ?? "",
      pipeline: cellOf(row, "pipeline").lines[0] ?? "",
      stage: afterDot(cellOf(row, "pipeline").lines[1]),
      subject: cellOf(row, "run").lines[0] ?? "",
      state: cellOf(row, "status").lines[0] ?? cellOf(row, "status").labels[0] ?? "",
      reached: !/^(not reached|–|-)?$/i.test(cellOf(row, "reached").lines.join(" ")),
    }));
    workItemFacts(context, "hub lookup", id, shown);
    await lookupPending(path, context);
  }
}

/** "Waiting for approval prod · web-app-ci-cd 20250304.1 · approvers: …" under Pending stages. */
async function lookupPending(path: Locator, context: ReadContext): Promise<void> {
  const section = path.getByRole("region", { name: "Pending stages", exact: true });
  if ((await section.count()) === 0) return;
  const items = await section.locator("li").evaluateAll((nodes) =>
    nodes.map((node) => ({
      state: (node.querySelector(".rt-trace-status") as HTMLElement | null)?.innerText ?? "",
      text: (node as HTMLElement).innerText.replace(/\s+/g, " ").trim(),
    })),
  );
  for (const item of items) {
    const [where, run] = item.text.slice(item.state.length).trim().split(" · ");
    const at = (run ?? "").lastIndexOf(" ");
    const pipeline = (run ?? "").slice(0, at);
    const name = (run ?? "").slice(at + 1);
    const ref = context.runs.resolve(pipeline, name);
    if (ref)
      deploymentFacts(
        context,
        "hub lookup",
        { ref, environment: where ?? "" },
        {
          name,
          state: item.state.trim(),
        },
      );
  }
}

interface FormStep {
  bold: string;
  marker: string[];
  lines: string[];
  link: string;
}

/** The form group "Deployments" of each work item, each on its own work item page. */
export async function readFormGroups(
  page: Page,
  harnessUrl: string,
  context: ReadContext,
  ids: number[],
): Promise<void> {
  for (const id of ids) {
    await page.goto(`${harnessUrl}/work-item/${id}`);
    const handle = await page.waitForSelector("iframe");
    const frame = await handle.contentFrame();
    if (!frame) throw new Error(`the form group of work item ${id} has no frame`);
    await frame.locator(".rt-wi").waitFor({ timeout: 30000 });
    await frame
      .getByText("Reading development, builds and deployments…")
      .waitFor({ state: "detached", timeout: 30000 });
    const section = frame.getByRole("region", { name: "Environments", exact: true });
    const steps: FormStep[] = (await section.count())
      ? await section.locator("li").evaluateAll((items) =>
          items.map((item) => ({
            bold: item.querySelector(".font-weight-semibold")?.textContent?.trim() ?? "",
            // The state icon names itself with an SVG <desc>.
            marker: [...item.querySelectorAll(".rt-wi-marker svg[role=img] desc")].map(
              (node) => node.textContent ?? "",
            ),
            lines: (item as HTMLElement).innerText
              .split("\n")
              .map((line) => line.trim())
              .filter(Boolean),
            link: item.querySelector("a")?.textContent?.trim() ?? "",
          })),
        )
      : [];
    workItemFacts(context, "form group", id, formRows(steps));
    pendingNotes(context, steps);
  }
}

/** The environment rows of the form group (pending rows of unreached environments left out). */
function formRows(steps: FormStep[]): ShownWorkItemRow[] {
  return steps
    .filter((step) => /\breached\b/.test(step.lines[0] ?? ""))
    .map((step) => ({
      environment: step.bold,
      pipeline: (step.lines[1] ?? "").split(" · ")[0],
      subject: step.link,
      // "not reached (rejected)" names the state of the linked deployment; the icon may show
      // what comes next there instead.
      state: /\bnot reached \(([^)]+)\)/.exec(step.lines[0] ?? "")?.[1] ?? step.marker[0] ?? "",
      reached: !/\bnot reached\b/.test(step.lines[0] ?? ""),
    }));
}

/**
 * What the form group says comes next on an environment: "then Release-14: checks running for
 * 3 h" (another deployment) or "Waiting for approval for 2 h" (the linked one).
 */
function pendingNotes(context: ReadContext, steps: FormStep[]): void {
  for (const step of steps) {
    const pipeline = (step.lines[1] ?? "").split(" · ")[0];
    const note = (step.lines[1] ?? "").split(" · ")[2];
    if (!note || !/\breached\b/.test(step.lines[0] ?? "")) continue;
    const other = /^(?:then )?(.+?): (.+?)(?: for \d.*| since .+)?$/.exec(note);
    const subject = other ? other[1] : step.link;
    const state = other ? other[2] : note.replace(/ (?:for \d.*|since .+)$/, "");
    const ref = context.runs.resolve(pipeline, subject);
    if (ref)
      deploymentFacts(
        context,
        "form group",
        { ref, environment: step.bold },
        {
          name: subject,
          state,
        },
      );
  }
}
