/*
 * Classic gate samples come only with Get Release (`$topGateRecords`): the release list carries
 * each gate step's status but none of its sampling evaluations. So a listing is completed by one
 * Get Release per release whose gates are pending, running or failed (their results and messages
 * are the news); a gate step that succeeded or was canceled says enough by its status.
 */
import type { GateStatus, Release } from "../model";
import { attempt, type NotAvailable, type Sources } from "../sources";
import { latestAttempt } from "./classic";

/** Gate steps whose sampled results are wanted: still evaluating, or failed. */
const SAMPLED_STATUSES: ReadonlySet<GateStatus> = new Set(["pending", "inProgress", "failed"]);

/**
 * Whether a listed release needs Get Release for its gate samples: a latest gate step pending,
 * running, or failed (and then, with `since`, last changed from `since` on).
 */
export function needsGateSamples(release: Release, since?: Date): boolean {
  const steps = release.environments.flatMap((environment) => {
    const latest = latestAttempt(environment);
    return [latest?.preGates, latest?.postGates];
  });
  return steps.some(
    (gates) =>
      gates !== undefined &&
      SAMPLED_STATUSES.has(gates.status) &&
      (since === undefined ||
        gates.status !== "failed" ||
        (gates.lastModifiedOn !== undefined && gates.lastModifiedOn >= since)),
  );
}

/** What completing the gate samples gave: the releases, and those whose samples were not read. */
export interface SampledReleases {
  releases: Release[];
  /** Release id → why its gate samples could not be read (it is kept as listed). */
  unread: Map<number, NotAvailable>;
}

/**
 * The listed releases with the gate samples of those that need them: one Get Release each, at
 * most one extra call per such release. A release whose read fails is kept as listed, and named.
 */
export async function withGateSamples(
  sources: Sources,
  project: string,
  releases: Release[],
  since?: Date,
): Promise<SampledReleases> {
  const read = await Promise.all(
    releases.map(async (release) => {
      if (!needsGateSamples(release, since)) return { release };
      const failures: NotAvailable[] = [];
      const full = await attempt(
        failures,
        `gate samples of ${release.name || `release ${release.id}`}`,
        () => sources.release.getRelease(project, release.id),
        undefined,
      );
      return { release: full ?? release, failure: failures[0] };
    }),
  );
  const unread = new Map<number, NotAvailable>();
  for (const { release, failure } of read) if (failure) unread.set(release.id, failure);
  return { releases: read.map((entry) => entry.release), unread };
}
