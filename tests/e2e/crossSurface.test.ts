/**
 * One answer everywhere: every surface, as a user sees it, against every other, over the demo
 * organisation. The CLI (in-process, same emulator) and the built bundles in the harness are read
 * once; the comparison is in memory. For every deployed-where cell, pending item and work item
 * with a deployment, the surfaces must agree on the state word, the run or release name and the set
 * of work items. Nothing here reads the engine's objects: only rendered text is compared, and the
 * last tests change one surface on purpose to show the comparison catches it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Frame, Page } from "playwright-core";
import {
  cli,
  readCliChanges,
  readCliDeployed,
  readCliEvidence,
  readCliGates,
  readCliTrace,
  type CellDeployment,
  type CliContext,
} from "./consistency/cliSurfaces";
import { readCliCompliance, readComplianceWidget } from "./consistency/complianceSurfaces";
import {
  readGateWidget,
  readPipelineView,
  readRecentOutcomes,
  readWaitingOn,
} from "./consistency/hubGates";
import {
  readFormGroups,
  readHubContents,
  readHubLookup,
  readHubMatrix,
  type HubCell,
} from "./consistency/hubTrace";
import {
  describeDisagreements,
  disagreements,
  ObservationLog,
  summarise,
  type Disagreement,
} from "./consistency/observations";
import { ReachedIndex } from "./consistency/reachedIndex";
import { refKey, RunDirectory, type RunRef } from "./consistency/runDirectory";
import { subjects } from "./consistency/subjects";
import { contentFrame, ROOT, stackForThisFile, waitForFrames, type Stack } from "./support";
import { resetWidgetSettings } from "./extensionData";

const e2e = stackForThisFile();
const FACTS = join(ROOT, "test-results", "cross-surface-facts.json");
let context: CliContext;
let findings: Disagreement[];
let hubCells: HubCell[];

/** Wide enough that the windowed matrix renders every column and row at once. */
async function widePage(stack: Stack): Promise<Page> {
  return stack.browser.newPage({ viewport: { width: 2600, height: 1800 } });
}

async function openHubTab(page: Page, stack: Stack, tab: string): Promise<Frame> {
  await page.goto(`${stack.harness.url}/hub#${tab}`);
  const [state] = await waitForFrames(page, 1);
  return contentFrame(page, state.elementId);
}

/** deployed, gates and trace; the cells the CLI shows and the work items deployed somewhere. */
async function readCli(): Promise<{ cells: CellDeployment[]; workItems: number[] }> {
  const cells = await readCliDeployed(context);
  const pipelines = [...new Set(cells.map((cell) => cell.pipeline))].sort();
  await readCliGates(context, pipelines);
  const listed = JSON.parse(await cli(context, "work-items", "--format", "json")) as {
    workItems: Array<{ id: number }>;
  };
  const workItems = await readCliTrace(
    context,
    listed.workItems.map((item) => item.id),
  );
  return { cells, workItems };
}

/** evidence and changes for every deployment a cell shows, in the CLI or in the hub. */
async function readCliPerDeployment(cells: CellDeployment[]): Promise<void> {
  const byCell = new Map<string, { pipeline: string; environment: string; refs: RunRef[] }>();
  const shown = [
    ...cells,
    ...hubCells.flatMap((cell) => (cell.ref ? [{ ...cell, ref: cell.ref }] : [])),
  ];
  for (const cell of shown) {
    const key = subjects.cell(cell.pipeline, cell.environment);
    const entry = byCell.get(key) ?? {
      pipeline: cell.pipeline,
      environment: cell.environment,
      refs: [],
    };
    if (!entry.refs.some((ref) => refKey(ref) === refKey(cell.ref))) entry.refs.push(cell.ref);
    byCell.set(key, entry);
  }
  const refs = [...new Map(shown.map((cell) => [refKey(cell.ref), cell.ref])).values()];
  await readCliEvidence(context, refs);
  await readCliChanges(context, [...byCell.values()]);
  await readCliCompliance(context);
}

/** The work items any surface so far says were deployed somewhere or brought by a deployment. */
function workItemsToRead(fromTrace: number[]): number[] {
  const ids = new Set(fromTrace);
  for (const item of context.log.observations)
    if (item.aspect === "work items" && item.value !== "")
      for (const id of item.value.split(", ")) ids.add(Number(id));
  return [...ids].sort((a, b) => a - b);
}

async function readWidgets(stack: Stack, page: Page): Promise<void> {
  const pipelines = [
    ...new Set(
      context.log.observations
        .filter((item) => item.subject.startsWith("pending ") && item.aspect === "listed")
        .map((item) => item.subject.split(" ")[1]),
    ),
  ];
  for (const pipeline of pipelines) {
    const ref = context.runs.anyOf(pipeline);
    if (!ref) continue;
    const response = await fetch(`${stack.harness.url}/_harness/api/widget-settings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        widgetContributionId: "gate-status-widget",
        customSettings: {
          data: JSON.stringify({
            target: {
              kind: ref.kind === "run" ? "yaml" : "classic",
              id: ref.pipelineId,
              name: pipeline,
            },
            refreshMinutes: 5,
          }),
        },
      }),
    });
    expect(response.status).toBe(200);
    await page.goto(`${stack.harness.url}/dashboard`);
    const total = stack.harness.manifest.contributions
      .filter((contribution) => contribution.type === "ms.vss-dashboards-web.widget")
      .reduce((sum, widget) => sum + widget.supportedSizes.length, 0);
    const states = await waitForFrames(page, total);
    const framesOf = (id: string) =>
      Promise.all(
        states
          .filter((state) => state.contributionId === id)
          .map((state) => contentFrame(page, state.elementId)),
      );
    await readGateWidget(await framesOf("gate-status-widget"), context, pipeline);
    // The compliance widget does not depend on the gate widget's settings: read it once.
    if (pipeline === pipelines[0])
      await readComplianceWidget(await framesOf("compliance-score-widget"), context);
  }
  await resetWidgetSettings(stack.harness.url, "gate-status-widget");
}

async function readHub(stack: Stack, workItems: number[]): Promise<void> {
  const page = await widePage(stack);
  let frame = await openHubTab(page, stack, "traceability");
  await frame.getByLabel("Matrix size").waitFor({ timeout: 30000 });
  hubCells = await readHubMatrix(frame, context);
  await readHubContents(frame, context, hubCells);
  const ids = workItemsToRead(workItems);
  await readHubLookup(frame, context, ids);
  frame = await openHubTab(page, stack, "gates");
  await readWaitingOn(frame, context);
  await readPipelineView(frame, context);
  await readRecentOutcomes(frame, context);
  await readFormGroups(page, stack.harness.url, context, ids);
  await readWidgets(stack, page);
  await page.close();
}

beforeAll(async () => {
  const stack = e2e.stack;
  const started = Date.now();
  context = {
    orgUrl: stack.orgUrl,
    project: stack.project.name,
    runs: await RunDirectory.read(stack.rest, stack.project.name),
    log: new ObservationLog(),
    reached: new ReachedIndex(),
  };
  const { cells, workItems } = await readCli();
  const cliDone = Date.now();
  await readHub(stack, workItems);
  await readCliPerDeployment(cells);
  context.reached.emit(context.log);
  findings = disagreements(context.log.withAbsences());
  // Every fact read, for whoever has to find out why two surfaces disagree.
  mkdirSync(dirname(FACTS), { recursive: true });
  writeFileSync(
    FACTS,
    JSON.stringify(
      { disagreements: describeDisagreements(findings), facts: context.log.observations },
      null,
      1,
    ),
  );
  console.log(
    `read ${context.log.observations.length} facts from ${context.log.surfaces().length} surfaces ` +
      `in ${Math.round((Date.now() - started) / 1000)} s ` +
      `(CLI deployed, gates and trace ${Math.round((cliDone - started) / 1000)} s)`,
  );
}, 900_000);

/** What each surface must have shown at least once: a reader that finds nothing proves nothing. */
const EXPECTED: Record<string, string[]> = {
  "hub matrix": ["listed", "current", "name", "state"],
  "hub contents": ["name", "state", "work items"],
  "hub lookup": ["environments", "by", "name", "state"],
  "form group": ["environments", "by", "name", "state"],
  "hub waiting on": ["listed", "name", "state"],
  "hub pipeline view": ["name", "state"],
  "hub recent outcomes": ["name", "state"],
  "gate widget": ["name", "state"],
  "cli deployed": ["listed", "current", "name", "state"],
  "cli gates --pending": ["listed", "name"],
  "cli gates --pipeline": ["name", "state"],
  "cli trace": ["environments", "by", "name", "state"],
  "cli evidence": ["name", "state"],
  "cli changes": ["current", "name", "state", "work items"],
  "compliance widget": ["score", "failing"],
  "cli compliance": ["score", "failing"],
};

test("every surface was read: each shows every kind of fact it is compared on", () => {
  const shown = new Set(
    context.log.observations
      .filter((item) => !["", "none", "absent"].includes(item.value))
      .map((item) => `${item.surface}: ${item.aspect}`),
  );
  const missing = Object.entries(EXPECTED).flatMap(([surface, aspects]) =>
    aspects.map((aspect) => `${surface}: ${aspect}`).filter((fact) => !shown.has(fact)),
  );
  expect(missing).toEqual([]);
});

test("every surface shows the same state, run or release name and work items", () => {
  if (findings.length > 0)
    console.log(`${findings.length} disagreements:\n${describeDisagreements(findings).join("\n")}`);
  // Grouped by which surfaces side together, so the failure reads as a short list.
  expect(summarise(findings)).toEqual([]);
});

/** Lines of `after` that `before` did not have: what a change to one surface made disagree. */
function newLines(before: Disagreement[], after: Disagreement[]): string[] {
  const known = new Set(describeDisagreements(before));
  return describeDisagreements(after).filter((line) => !known.has(line));
}

/** A cell whose deployment every surface that shows it names and states alike (if any is). */
function quietCell(): HubCell & { ref: RunRef } {
  const loud = new Set(findings.map((item) => item.subject));
  const cells = hubCells.filter(
    (cell): cell is HubCell & { ref: RunRef } => !!cell.ref && !/newer attempt/.test(cell.button),
  );
  const quiet = cells.find((cell) => !loud.has(subjects.deployment(cell.ref, cell.environment)));
  return quiet ?? cells[0];
}

test("a state word changed on purpose in the hub's deployed-where matrix is caught", async () => {
  const stack = e2e.stack;
  const victim = quietCell();
  const page = await widePage(stack);
  const frame = await openHubTab(page, stack, "traceability");
  await frame.getByLabel("Matrix size").waitFor({ timeout: 30000 });
  // What the bundle rendered, changed in the page: the cell now says "Canceled" (or "Failed").
  const label = victim.button.replace(
    /, ([^,]+)\. Show what it contains$/,
    (_, state: string) =>
      `, ${state === "Canceled" ? "Failed" : "Canceled"}. Show what it contains`,
  );
  await frame
    .getByRole("button", { name: victim.button, exact: true })
    .evaluate((button, text) => button.setAttribute("aria-label", text), label);
  const log = context.log.without("hub matrix");
  await readHubMatrix(frame, { ...context, log });
  await page.close();
  const changed = newLines(findings, disagreements(log.withAbsences()));
  expect(changed).toHaveLength(1);
  expect(changed[0]).toMatch(
    new RegExp(`^${escapeRegExp(subjects.deployment(victim.ref, victim.environment))} \\[state\\]`),
  );
  expect(changed[0]).toMatch(/: hub matrix \("(Canceled|Failed)"\)/);
});

test("a run named by its id on purpose in the CLI's deployed table is caught", async () => {
  const victim = quietCell();
  const log = context.log.without("cli deployed");
  await readCliDeployed({
    ...context,
    log,
    // The row of the victim names its run or release the old way, by id only.
    edit: (_argv, stdout) => renamed(stdout, victim, `${victim.ref.kind} ${victim.ref.id}`),
  });
  const changed = newLines(findings, disagreements(log.withAbsences()));
  expect(changed.length).toBeGreaterThanOrEqual(1);
  for (const line of changed)
    expect(line).toMatch(
      new RegExp(
        `^${escapeRegExp(subjects.deployment(victim.ref, victim.environment))} \\[name\\]`,
      ),
    );
  expect(changed.join("\n")).toContain(`cli deployed ("${victim.ref.id}")`);
});

/**
 * The deployed table with the victim row's current run or release shown as `text` instead: the
 * cell under the "Runs there now" (or older "Run/release") header, padded to its width.
 */
function renamed(table: string, victim: HubCell, text: string): string {
  const lines = table.split("\n");
  const header = lines.find((line) => line.startsWith("Pipeline")) ?? "";
  const at = Math.max(header.indexOf("Runs there now"), header.indexOf("Run/release"));
  const end = header.slice(at).search(/ {2}\S/) + at + 2;
  return lines
    .map((line) =>
      line.startsWith(`${victim.pipeline} `) && line.includes(` ${victim.environment} `)
        ? line.slice(0, at) + text.padEnd(end - at) + line.slice(end)
        : line,
    )
    .join("\n");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
