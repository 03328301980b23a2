import type { Baseline } from "../../core/compliance/baseline/types";
import {
  isUnavailable,
  type ComplianceEvaluation,
  type ComplianceResult,
} from "../../core/compliance/evaluate";
import { complianceRules } from "../../core/compliance/rules";
import { scanCompliance, type ScanStep } from "../../core/compliance/scan";
import type { NotAvailable } from "../../core/sources";
import type { RuleMetadata } from "../../core/compliance/types";
import type { PolicyConfiguration, Project, Repository } from "../../core/model";
import type { Sources } from "../../core/sources";
import type { ProductionPattern } from "../../core/vocabulary/production";

export interface ScanProgress {
  step: ScanStep;
  done: number;
  total: number;
}

/** A finished scan with what the views show beside the results (read once, during the scan). */
export interface ComplianceScan extends ComplianceEvaluation {
  project: Project;
  organization: string;
  orgUrl?: string;
  baseline: Baseline;
  generatedAt: Date;
  /** The policy listing the scan read (undefined when it could not be read). */
  policies?: PolicyConfiguration[];
  repositories: Repository[];
  /** REST requests the scan made, when the sources count them. */
  restCalls?: number;
  /** Metadata of every rule the baseline names, in the baseline's order. */
  rules: RuleMetadata[];
  /** The reads that failed (their results are `not-available`), for the views' notice. */
  notAvailable: NotAvailable[];
}

/** Runs the engine's scan; the listings it read come back with it for the drill-down. */
export async function runComplianceScan(
  sources: Sources,
  options: {
    organization: string;
    project: string;
    baseline: Baseline;
    now: Date;
    onProgress?: (progress: ScanProgress) => void;
    /** REST requests made so far (the adapters' counter); absent with fake sources. */
    restCalls?: () => number;
    /** Organization URL, for the "where to fix it" links in exports. */
    orgUrl?: string;
    /** What "production" means for rules without their own pattern. */
    production?: ProductionPattern;
    /** Or: the project's pattern by id, asked only when a rule needs it. */
    productionFor?: (projectId: string) => Promise<ProductionPattern>;
  },
): Promise<ComplianceScan> {
  const callsBefore = options.restCalls?.() ?? 0;
  const scan = await scanCompliance(sources, {
    organization: options.organization,
    project: options.project,
    baseline: options.baseline,
    now: options.now,
    ...(options.production ? { production: options.production } : {}),
    ...(options.productionFor ? { productionFor: options.productionFor } : {}),
    onProgress: (step, done, total) => options.onProgress?.({ step, done, total }),
  });
  return {
    ...scan,
    organization: options.organization,
    orgUrl: options.orgUrl,
    baseline: options.baseline,
    generatedAt: options.now,
    policies: isUnavailable(scan.policies) ? undefined : scan.policies,
    restCalls: options.restCalls ? options.restCalls() - callsBefore : undefined,
    rules: ruleMetadata(options.baseline, scan.results),
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
