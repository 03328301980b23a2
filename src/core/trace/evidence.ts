/**
 * `evidencePack`: what one run or Classic release contains and how it got through: work items,
 * PRs with approvers, votes and policy evaluations, builds, approvals, checks and gates, and the
 * branch policies in force on the source branch at the time (from policy configuration revisions).
 * Collect, then derive: `collectEvidence` reads a snapshot through the ports, `derivePack` turns
 * it into the pack without reading anything.
 */
import type { Sources } from "../sources";
import { collectReleaseEvidence, collectRunEvidence } from "./collectEvidence";
import { deriveReleasePack, deriveRunPack } from "./derivePack";
import { TraceSession } from "./session";
import type { EvidencePack } from "./types";

export type EvidenceSubject = { runId: number } | { releaseId: number };

export async function evidencePack(
  sources: Sources,
  project: string,
  subject: EvidenceSubject,
  options: { session?: TraceSession } = {},
): Promise<EvidencePack> {
  const session = options.session ?? new TraceSession(sources, project);
  if ("runId" in subject) {
    const snapshot = await collectRunEvidence(session, subject.runId);
    const baseline = await session.gapBaseline(snapshot.notAvailable);
    return deriveRunPack(snapshot, session.rules, { baseline });
  }
  const snapshot = await collectReleaseEvidence(session, subject.releaseId);
  const baseline = await session.gapBaseline(snapshot.notAvailable);
  return deriveReleasePack(snapshot, session.rules, { baseline });
}
