/**
 * What a set of figures is computed over (pure): the deployments of some rows inside a window,
 * with what the rules found about them, and what could not be read.
 */
import type { NotAvailable } from "../sources/notAvailable";
import type { Classified } from "./context";
import type { CommitEvidence, FailingReason, FailureEvidence, MetricId } from "./types";
import type { MetricsWindow } from "./window";

export interface SliceInput {
  window: MetricsWindow;
  /** The deployments that finished inside the window, oldest first. */
  deployments: readonly Classified[];
  failing: ReadonlyMap<string, FailingReason[]>;
  /** Failures of those deployments (recovered or open). */
  failures: readonly FailureEvidence[];
  /** Commits those deployments brought first (each once). */
  commits: readonly CommitEvidence[];
  /** Per deployment key: did it bring rework (null: not known). */
  rework: ReadonlyMap<string, boolean | null>;
  /** Per metric: what could not be read that the figure needs. */
  unread: Readonly<Record<MetricId, NotAvailable[]>>;
}

export function isFailing(input: Pick<SliceInput, "failing">, key: string): boolean {
  return (input.failing.get(key) ?? []).length > 0;
}

export function keysOf(deployments: readonly { key: string }[]): string[] {
  return deployments.map((deployment) => deployment.key);
}
