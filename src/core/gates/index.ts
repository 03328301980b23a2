export * from "./types";
export { currentApprovers, deriveYamlStages, type YamlGateInputs } from "./yaml";
export { deriveReleaseEnvironment, deriveReleases } from "./classic";
export {
  latestStageStates,
  pendingGates,
  pendingOf,
  pipelineGates,
  recentOutcomes,
  resolvePipeline,
  type PipelineTarget,
} from "./queries";
export {
  describeProtection,
  environmentProtection,
  type ClassicStageProtection,
  type ConfiguredCheck,
  type EnvironmentProtection,
  type ProtectionResult,
} from "./protection";
