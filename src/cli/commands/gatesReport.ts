import { terminalText } from "../../core/report/text";
import type { Identity } from "../../core/model";
import type { GatesResult, NotAvailable, PendingGate, StageGate } from "../../core/gates";
import { runName, stateWord } from "../../core/vocabulary";
import { plainSentence } from "../../core/sources";
import { renderTable } from "../output";

/**
 * The stable JSON contract of `release-trace gates` (schemaVersion 1; additions only): the
 * not-available entries carry `kind`, `status` and `attempts` too, and an item kept although a
 * secondary read failed carries `unknown` (the fields it names are unknown, not "none").
 */
export interface GatesJson {
  schemaVersion: 1;
  pending: PendingJson[];
  stages: StageJson[];
  /** What could not be read (the exit code is 3 when this is not empty). */
  notAvailable: NotAvailable[];
}

type Owner = { runId: number } | { releaseId: number };

export type PendingJson = {
  kind: PendingGate["kind"];
  pipeline: string;
  stage: string;
  environment: string | null;
  since: string | null;
  timeoutAt: string | null;
  approvers: string[];
  instructions: string | null;
  /** Present when some fields could not be read: `null` in those fields means unknown. */
  unknown?: NotAvailable[];
} & Owner;

export type StageJson = {
  pipeline: string;
  stage: string;
  environment: string | null;
  state: StageGate["state"];
  since: string | null;
  checks: { type: string; name: string; state: string }[];
  /** Who or what decided a stage that did not pass (an addition to the first contract). */
  decision?: { cause: string; by: string | null; comment: string | null };
  /** Present when some fields could not be read: `null` in those fields means unknown. */
  unknown?: NotAvailable[];
} & Owner;

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);
const name = (identity: Identity) => identity.displayName || identity.uniqueName || identity.id;

function owner(item: { runId?: number; releaseId?: number }): Owner {
  return item.releaseId !== undefined ? { releaseId: item.releaseId } : { runId: item.runId ?? 0 };
}

export function gatesJson(result: GatesResult): GatesJson {
  return {
    schemaVersion: 1,
    pending: result.pending.map((item) => ({
      kind: item.kind,
      pipeline: item.pipeline.name,
      ...owner(item),
      stage: item.stage,
      environment: item.environment ?? null,
      since: iso(item.since),
      timeoutAt: iso(item.timeoutAt),
      approvers: item.approvers.map(name),
      instructions: item.instructions ?? null,
      ...(item.unknown ? { unknown: item.unknown } : {}),
    })),
    stages: result.stages.map((stage) => ({
      pipeline: stage.pipeline.name,
      ...owner(stage),
      stage: stage.stage,
      environment: stage.environment ?? null,
      state: stage.state,
      since: iso(stage.since),
      checks: stage.checks.map((check) => ({
        type: check.type,
        name: check.name,
        state: check.state,
      })),
      ...(stage.decision
        ? {
            decision: {
              cause: stage.decision.cause,
              by: stage.decision.by ? name(stage.decision.by) : null,
              comment: stage.decision.comment ?? null,
            },
          }
        : {}),
      ...(stage.unknown ? { unknown: stage.unknown } : {}),
    })),
    notAvailable: result.notAvailable,
  };
}

/** "3d 4h", "5h 12m", "42m"; negative spans (a timeout already past) as "-5m". */
export function span(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${sign}${days}d ${hours}h`;
  if (hours > 0) return `${sign}${hours}h ${minutes % 60}m`;
  return `${sign}${minutes}m`;
}

/** Terminal text: a comment's lines on one line, the rest through the one terminal sanitiser. */
function clean(text: string, max = 60): string {
  const flat = terminalText(text.replace(/[\r\n\t]+/g, " ").trim());
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A run by its number, a release by its name; ids only when the name is not known. */
function ownerLabel(item: {
  runId?: number;
  runName?: string;
  releaseId?: number;
  releaseName?: string;
}) {
  if (item.releaseId !== undefined) return item.releaseName ?? `release ${item.releaseId}`;
  return runName({ id: item.runId ?? 0, ...(item.runName ? { name: item.runName } : {}) });
}

/** "waiting for approval", "approval": words, never the raw ids. */
const kindWords: Record<PendingGate["kind"], string> = {
  approval: "approval",
  check: "check",
  gate: "Classic gate",
};

/** Fields of an item that could not be read. */
function unknownOf(item: { unknown?: NotAvailable[] }): Set<string> {
  return new Set((item.unknown ?? []).flatMap((entry) => entry.fields ?? []));
}

/** A cell's text, or "unknown" when the field could not be read (never "-", which means none). */
function cell(unknown: Set<string>, field: string, text: string): string {
  return unknown.has(field) ? "unknown" : text;
}

/** The not-available lines: one plain sentence each (the JSON keeps the technical reason). */
export function notAvailableLines(result: GatesResult): string[] {
  const items = [...result.pending, ...result.stages].flatMap((item) => item.unknown ?? []);
  return [...new Set([...result.notAvailable, ...items].map(plainSentence))];
}

export function gatesTable(result: GatesResult, now: Date, options: { stages: boolean }): string {
  const parts: string[] = [];
  if (result.pending.length === 0 && result.notAvailable.length > 0) {
    // Empty is earned: with a read missing, "nothing" could be false.
    parts.push("Waiting on: none found, but some data could not be read; items may be missing.\n");
  } else if (result.pending.length === 0) {
    parts.push("Waiting on: nothing.\n");
  } else {
    parts.push(`Waiting on (${result.pending.length}):\n`);
    parts.push(
      renderTable(
        [
          "KIND",
          "PIPELINE",
          "RUN/RELEASE",
          "STAGE",
          "ENVIRONMENT",
          "AGE",
          "TIMEOUT IN",
          "WAITING ON",
        ],
        result.pending.map((item) => {
          const unknown = unknownOf(item);
          return [
            kindWords[item.kind],
            clean(item.pipeline.name, 40),
            clean(ownerLabel(item), 30),
            clean(item.stage, 30),
            cell(unknown, "environment", clean(item.environment ?? "-", 20)),
            item.since ? span(now.getTime() - item.since.getTime()) : "-",
            cell(
              unknown,
              "timeoutAt",
              item.timeoutAt ? span(item.timeoutAt.getTime() - now.getTime()) : "-",
            ),
            cell(
              unknown,
              "approvers",
              clean(
                item.approvers.length > 0
                  ? item.approvers.map(name).join(", ")
                  : item.holding.join(", "),
              ),
            ),
          ];
        }),
      ),
    );
  }
  if (options.stages) {
    parts.push(`\nStages (${result.stages.length}):\n`);
    parts.push(
      renderTable(
        ["PIPELINE", "RUN/RELEASE", "STAGE", "ENVIRONMENT", "STATE", "AGE", "CHECKS", "DETAIL"],
        result.stages.map((stage) => [
          clean(stage.pipeline.name, 40),
          clean(ownerLabel(stage), 30),
          clean(stage.stage, 30),
          cell(unknownOf(stage), "environment", clean(stage.environment ?? "-", 20)),
          stateWord(stage.state),
          stage.since ? span(now.getTime() - stage.since.getTime()) : "-",
          // A count with "+?" when the list may be incomplete: never a firm "0" that means none.
          unknownOf(stage).has("checks") ? `${stage.checks.length}+?` : String(stage.checks.length),
          clean(
            stage.decision
              ? [stage.decision.by ? name(stage.decision.by) : "", stage.decision.comment ?? ""]
                  .filter(Boolean)
                  .join(": ")
              : "",
          ),
        ]),
      ),
    );
  }
  return parts.join("");
}
