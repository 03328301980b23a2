/** Subject keys: pipeline names, environment and stage names case-folded, deployments by id. */
import { refKey, type RunRef } from "./runDirectory";

const fold = (name: string) => name.trim().toLowerCase();

export const subjects = {
  /** A pipeline × environment cell of "deployed where". */
  cell: (pipeline: string, environment: string) => `cell ${pipeline} → ${fold(environment)}`,
  /** One run or release's deployment to one environment. */
  deployment: (ref: RunRef, environment: string) =>
    `deployment ${ref.pipeline} ${refKey(ref)} → ${fold(environment)}`,
  /** One stage of one run or release, by the stage name a surface shows. */
  stage: (ref: RunRef, stage: string) => `stage ${ref.pipeline} ${refKey(ref)} "${fold(stage)}"`,
  /** Something waiting in a stage: an approval, check or gate. */
  pending: (ref: RunRef, stage: string) =>
    `pending ${ref.pipeline} ${refKey(ref)} "${fold(stage)}"`,
  workItem: (id: number) => `work item ${id}`,
  /** Where one work item stands on one pipeline's environment. */
  reached: (id: number, pipeline: string, environment: string) =>
    `work item ${id} on ${pipeline} → ${fold(environment)}`,
  /** The work items one deployment brought to its environment. */
  brought: (ref: RunRef, environment: string) =>
    `brought by ${ref.pipeline} ${refKey(ref)} → ${fold(environment)}`,
};

/** "pipeline → environment", the form every surface's environment list is compared in. */
export function target(pipeline: string, environment: string): string {
  return `${pipeline} → ${fold(environment)}`;
}
