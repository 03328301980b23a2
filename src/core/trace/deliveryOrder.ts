/**
 * `deliveryOrder`: the environments of a project in the order a change travels through them,
 * merged from every pipeline: a YAML pipeline's stages run after the stages they depend on (seen
 * in the order one run deployed to its environments), a Classic definition's stages by rank.
 * Production comes last, by the vocabulary's production pattern. Pure.
 */
import type { DeploymentRecord, Release } from "../model";
import {
  DEFAULT_PRODUCTION,
  isProductionName,
  type ProductionPattern,
} from "../vocabulary/production";
import { recordTime } from "./graph";

/** One pipeline's environments in the order it delivers to them (earliest first). */
export interface StageSequence {
  /** Who says so: each pipeline votes once for each ordered pair of its environments. */
  pipeline: string;
  environments: readonly string[];
}

function keyOf(name: string): string {
  return name.trim().toLowerCase();
}

/** Where a name sits on the usual way to production, for environments no pipeline orders. */
function usualRank(name: string, production: ProductionPattern): number {
  const lower = name.toLowerCase();
  if (isProductionName(name, production) || /\blive\b/.test(lower)) return 4;
  if (/\b(dev|development|ci|sandbox)\b/.test(lower)) return 0;
  if (/\b(test|qa|int|integration|sit)\b/.test(lower)) return 1;
  if (/\b(uat|staging|stage|pre-?prod|preview|acceptance)\b/.test(lower)) return 3;
  return 2;
}

/** Net votes a → b: pairs a pipeline ordered both ways cancel out. */
function netVotes(sequences: readonly StageSequence[]): Map<string, Map<string, number>> {
  const pairs = new Map<string, Set<string>>();
  for (const sequence of sequences) {
    const keys = [...new Set(sequence.environments.map(keyOf))];
    const voted = pairs.get(sequence.pipeline) ?? new Set<string>();
    keys.forEach((from, index) =>
      keys.slice(index + 1).forEach((to) => voted.add(`${from}\n${to}`)),
    );
    pairs.set(sequence.pipeline, voted);
  }
  const votes = new Map<string, Map<string, number>>();
  const add = (from: string, to: string, delta: number) => {
    const row = votes.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + delta);
    votes.set(from, row);
  };
  for (const voted of pairs.values())
    for (const pair of voted) {
      const [from, to] = pair.split("\n");
      add(from, to, 1);
      add(to, from, -1);
    }
  return votes;
}

/**
 * A topological order of the net "comes before" graph. Among environments that are free to go
 * next, the usual rank then the name decides (ties); when a cycle leaves none free, the one with
 * the fewest votes against going next goes next, so every environment is placed exactly once.
 */
function orderKeys(
  keys: string[],
  votes: Map<string, Map<string, number>>,
  tieBreak: (a: string, b: string) => number,
): string[] {
  const left = new Set(keys);
  const against = (key: string) =>
    [...left].reduce((sum, other) => sum + Math.max(0, votes.get(other)?.get(key) ?? 0), 0);
  const ordered: string[] = [];
  while (left.size > 0) {
    const candidates = [...left].map((key) => ({ key, against: against(key) }));
    const fewest = Math.min(...candidates.map((candidate) => candidate.against));
    const next = candidates
      .filter((candidate) => candidate.against === fewest)
      .map((candidate) => candidate.key)
      .sort(tieBreak)[0];
    ordered.push(next);
    left.delete(next);
  }
  return ordered;
}

/**
 * The environments (one name per case-insensitive key, as first given) in delivery order, with
 * every production environment after every other one.
 */
export function deliveryOrder(
  environments: readonly string[],
  sequences: readonly StageSequence[],
  production: ProductionPattern = DEFAULT_PRODUCTION,
): string[] {
  const names = new Map<string, string>();
  for (const name of [...environments, ...sequences.flatMap((item) => item.environments)])
    if (!names.has(keyOf(name))) names.set(keyOf(name), name);
  const display = (key: string) => names.get(key) ?? key;
  const tieBreak = (a: string, b: string) =>
    usualRank(display(a), production) - usualRank(display(b), production) ||
    display(a).localeCompare(display(b)) ||
    a.localeCompare(b);
  const votes = netVotes(sequences);
  const isProduction = (key: string) => isProductionName(display(key), production);
  const keys = [...names.keys()];
  return [
    ...orderKeys(
      keys.filter((key) => !isProduction(key)),
      votes,
      tieBreak,
    ),
    ...orderKeys(keys.filter(isProduction), votes, tieBreak),
  ].map(display);
}

/** A YAML pipeline's runs: the environments each run deployed to, in the order it started them. */
export function yamlSequences(
  records: readonly DeploymentRecord[],
  environmentName: (id: number) => string,
): StageSequence[] {
  const runs = new Map<string, DeploymentRecord[]>();
  for (const record of records) {
    const key = `${record.pipeline.id}|${record.run.id}`;
    runs.set(key, [...(runs.get(key) ?? []), record]);
  }
  const started = (record: DeploymentRecord) =>
    (record.startTime ?? record.queueTime ?? recordTime(record))?.getTime() ?? 0;
  return [...runs.values()].map((group) => ({
    pipeline: `yaml|${group[0].pipeline.id}`,
    environments: [...group]
      .sort((a, b) => started(a) - started(b) || a.id - b.id)
      .map((record) => environmentName(record.environmentId)),
  }));
}

/** A Classic release definition's stages by rank, as each of its releases carries them. */
export function classicSequences(releases: readonly Release[]): StageSequence[] {
  return releases.map((release) => ({
    pipeline: `classic|${release.definition.id}`,
    environments: [...release.environments]
      .sort((a, b) => a.rank - b.rank)
      .map((environment) => environment.name),
  }));
}
