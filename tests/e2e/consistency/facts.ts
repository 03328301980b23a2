/** The facts every reader records, the same way whichever surface they come from. */
import type { ReadContext } from "./readContext";
import { idList } from "./reachedIndex";
import { refKey, shownName, type RunRef } from "./runDirectory";
import { subjects, target } from "./subjects";

export interface ShownDeployment {
  /** The run or release as the surface names it. */
  name: string;
  state?: string;
  stage?: string;
}

/** One deployment of a run or release to an environment: its name, state and stage. */
export function deploymentFacts(
  context: ReadContext,
  surface: string,
  at: { ref: RunRef; environment: string },
  shown: ShownDeployment,
): void {
  const subject = subjects.deployment(at.ref, at.environment);
  context.log.add(surface, subject, "name", shownName(shown.name));
  if (shown.state !== undefined) context.log.add(surface, subject, "state", shown.state);
  if (shown.stage !== undefined) context.log.add(surface, subject, "stage", shown.stage);
}

/** One stage of a run or release, by its shown stage name, and its deployment when it names one. */
export function stageFacts(
  context: ReadContext,
  surface: string,
  ref: RunRef,
  shown: Required<Pick<ShownDeployment, "stage" | "state">> & {
    name: string;
    environment?: string;
  },
): void {
  const subject = subjects.stage(ref, shown.stage);
  context.log.add(surface, subject, "name", shownName(shown.name));
  context.log.add(surface, subject, "state", shown.state);
  if (shown.environment && shown.environment !== "-")
    deploymentFacts(context, surface, { ref, environment: shown.environment }, shown);
}

export interface ShownWorkItemRow {
  pipeline: string;
  environment: string;
  /** The run or release as shown. */
  subject: string;
  state: string;
  stage?: string;
  /** The row says the work item reached the environment (not only on its way). */
  reached: boolean;
}

/** A work item's environments, each with the deployment that brought it there and its state. */
export function workItemFacts(
  context: ReadContext,
  surface: string,
  id: number,
  rows: ShownWorkItemRow[],
): void {
  context.reached.read(surface, id);
  const targets = rows.map((row) => target(row.pipeline, row.environment)).sort();
  context.log.add(surface, subjects.workItem(id), "environments", targets.join(", ") || "none");
  for (const row of rows) {
    const reached = subjects.reached(id, row.pipeline, row.environment);
    const ref = context.runs.resolve(row.pipeline, row.subject);
    context.log.add(surface, reached, "by", ref ? refKey(ref) : `? ${row.subject}`);
    context.log.add(surface, reached, "state", row.state);
    if (!ref) continue;
    deploymentFacts(
      context,
      surface,
      { ref, environment: row.environment },
      {
        name: row.subject,
        state: row.state,
        stage: row.stage,
      },
    );
    if (row.reached) context.reached.reached(surface, id, ref, row.environment);
  }
}

/** A work item row of a contents view: its id and its "Already there" text. */
export interface ShownContentsRow {
  id: number;
  already: string;
}

const ALREADY = /^already in .+ since (.+)$/i;

/**
 * What a deployment's contents say about its work items: those it first brought to the
 * environment ("work items", compared with what each work item's trace says that deployment
 * brought) and, for those already there, which deployment first brought them ("by", compared with
 * the work item's own trace).
 */
export function contentsFacts(
  context: ReadContext,
  surface: string,
  at: { ref: RunRef; environment: string },
  rows: ShownContentsRow[],
): void {
  const first: number[] = [];
  for (const row of rows) {
    const since = ALREADY.exec(row.already.trim())?.[1];
    if (since === undefined) {
      first.push(row.id);
      continue;
    }
    const ref = context.runs.resolve(at.ref.pipeline, since);
    const reached = subjects.reached(row.id, at.ref.pipeline, at.environment);
    context.log.add(surface, reached, "by", ref ? refKey(ref) : `? ${since}`);
  }
  context.log.add(surface, subjects.brought(at.ref, at.environment), "work items", idList(first));
}
