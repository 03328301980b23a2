import type { Baseline } from "../../core/compliance/baseline/types";
import type { ComplianceEvaluation, ComplianceResult } from "../../core/compliance/evaluate";
import { complianceRules } from "../../core/compliance/rules";
import { scanCompliance, type ScanStep } from "../../core/compliance/scan";
import type { RuleMetadata } from "../../core/compliance/types";
import type { PolicyConfiguration, Project, Repository } from "../../core/model";
import type { Sources } from "../../core/sources";

export interface ScanProgress {
  step: ScanStep;
  done: number;
  total: number;
}

/** A finished scan with what the views show beside the results (read once, during the scan). */
export interface ComplianceScan extends ComplianceEvaluation {
  project: Project;
  organization: string;
  baseline: Baseline;
  generatedAt: Date;
  /** The policy listing the scan read (undefined when it could not be read). */
  policies?: PolicyConfiguration[];
  repositories: Repository[];
  /** Port calls the scan made (each is one or more REST requests when it pages). */
  portCalls: number;
  /** Metadata of every rule the baseline names, in the baseline's order. */
  rules: RuleMetadata[];
}

/**
 * Runs the engine's scan and keeps the project, repository and policy listings it read, so the
 * drill-down can explain scopes without calling Azure DevOps again.
 */
export async function runComplianceScan(
  sources: Sources,
  options: {
    organization: string;
    project: string;
    baseline: Baseline;
    now: Date;
    onProgress?: (progress: ScanProgress) => void;
  },
): Promise<ComplianceScan> {
  let portCalls = 0;
  let project: Project | undefined;
  let policies: PolicyConfiguration[] | undefined;
  let repositories: Repository[] = [];
  // Every port call is counted; the three listings the drill-down needs are also kept. Proxies,
  // because adapters are class instances whose methods live on their prototypes.
  const keep: Record<string, (result: unknown) => void> = {
    "core.getProject": (found) => (project = found as Project),
    "git.listRepositories": (found) => (repositories = found as Repository[]),
    "policy.listPolicyConfigurations": (found) => (policies = found as PolicyConfiguration[]),
  };
  const observed = new Proxy(sources, {
    get: (allPorts, area) => {
      const port = Reflect.get(allPorts, area) as object;
      return new Proxy(port, {
        get: (target, name) => {
          const member = Reflect.get(target, name) as unknown;
          if (typeof member !== "function") return member;
          const kept = keep[`${String(area)}.${String(name)}`];
          return async (...args: unknown[]) => {
            portCalls += 1;
            const result: unknown = await member.apply(target, args);
            kept?.(result);
            return result;
          };
        },
      });
    },
  });
  const evaluation = await scanCompliance(observed, {
    organization: options.organization,
    project: options.project,
    baseline: options.baseline,
    now: options.now,
    onProgress: (step, done, total) => options.onProgress?.({ step, done, total }),
  });
  return {
    ...evaluation,
    project: project ?? { id: evaluation.projectId, name: options.project },
    organization: options.organization,
    baseline: options.baseline,
    generatedAt: options.now,
    policies,
    repositories,
    portCalls,
    rules: ruleMetadata(options.baseline, evaluation.results),
  };
}

/** Known rules from the engine's registry; rules it reports only through results get their text. */
export function ruleMetadata(baseline: Baseline, results: ComplianceResult[]): RuleMetadata[] {
  return [...baseline.rules.keys()].map((id) => {
    const known = complianceRules.get(id)?.metadata;
    if (known) return known;
    const sample = results.find((result) => result.ruleId === id);
    return {
      id,
      title: sample?.title ?? id,
      severity: baseline.rules.get(id)?.severity ?? sample?.severity ?? "medium",
      rationale: "",
      remediation: sample?.remediation ?? "",
    };
  });
}

const stepLabels: Record<string, string> = {
  repositories: "Listing repositories",
  policies: "Listing policy configurations",
  refs: "Listing branches",
  evaluate: "Evaluating",
};

/** Words for a scan step; steps the engine adds later show under their own name. */
export function scanStepLabel(step: ScanStep): string {
  return stepLabels[step] ?? `Reading ${String(step)}`;
}
