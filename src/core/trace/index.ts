export * from "./types";
export {
  defaultTraceRules,
  deploymentsOfWorkItem,
  TraceGraph,
  type ReachedDeployment,
  type TraceRules,
} from "./graph";
export { TraceSession } from "./session";
export { traceWorkItem, TraceInputError, type TraceOptions } from "./workItem";
export { deployedMatrix, type DeployedOptions } from "./deployed";
export { evidencePack, type EvidenceSubject } from "./evidence";
