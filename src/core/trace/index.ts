export * from "./types";
export {
  compareRunOrder,
  defaultTraceRules,
  deploymentsOfWorkItem,
  TraceGraph,
  type ReachedDeployment,
  type TraceRules,
} from "./graph";
export { TraceSession } from "./session";
export { traceWorkItem, TraceInputError, type TraceOptions } from "./workItem";
export {
  deployedMatrix,
  deriveDeployedCells,
  orderDeployedCells,
  type DeployedOptions,
} from "./deployed";
export { deliveryOrder, type StageSequence } from "./deliveryOrder";
export { evidencePack, type EvidenceSubject } from "./evidence";
export {
  deploymentContents,
  type ContentsResult,
  type DeploymentContents,
  type DeploymentSubject,
} from "./contents";
export { cellDeployment, deploymentChanges, type ChangesRequest } from "./changes";
export { loadWorkItemTimeline, type PendingStage, type WorkItemTimeline } from "./workItemTimeline";
export { environmentDeployed, recordDeployed, recordState } from "./deploymentState";
