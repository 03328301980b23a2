/**
 * What each surface rendered, reduced to comparable facts, and the comparison of those facts.
 * Surfaces are compared with each other only: nothing here reads the engine's own objects.
 */

/** One fact one surface showed: e.g. the hub matrix says cell web-app/prod holds run 20250304.1. */
export interface Observation {
  /** "hub matrix", "cli deployed", "form group", … */
  surface: string;
  /** What the fact is about, built from names and ids every surface agrees to key on. */
  subject: string;
  /** state, name, stage, current, workItems, environments, listed, … */
  aspect: string;
  /** The normalised value (case and spacing folded, nothing else). */
  value: string;
  /** The text it was read from, for the report. */
  shown?: string;
}

export interface Disagreement {
  subject: string;
  aspect: string;
  /** value → the surfaces that showed it (with one sample of the text each). */
  values: Map<string, string[]>;
}

/** Folds case and spacing only: synonyms ("Deploying", "in progress") stay different words. */
export function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

export class ObservationLog {
  readonly observations: Observation[] = [];
  /** surface → subject prefix it lists completely (e.g. every pending item). */
  private readonly complete = new Map<string, Set<string>>();

  add(surface: string, subject: string, aspect: string, shown: string): void {
    this.observations.push({ surface, subject, aspect, value: normalise(shown), shown });
  }

  /**
   * The surface claims to list every subject starting with `prefix`: a subject another surface
   * lists (aspect "listed") but this one does not shows up as "absent" here.
   */
  listsAll(surface: string, prefix: string): void {
    const prefixes = this.complete.get(surface) ?? new Set<string>();
    prefixes.add(prefix);
    this.complete.set(surface, prefixes);
  }

  /** The observations plus an "absent" for every complete list that missed a listed subject. */
  withAbsences(): Observation[] {
    const listed = new Map<string, Set<string>>();
    for (const item of this.observations)
      if (item.aspect === "listed")
        listed.set(item.subject, (listed.get(item.subject) ?? new Set()).add(item.surface));
    const absences: Observation[] = [];
    for (const [subject, surfaces] of listed)
      for (const [surface, prefixes] of this.complete)
        if (!surfaces.has(surface) && [...prefixes].some((prefix) => subject.startsWith(prefix)))
          absences.push({ surface, subject, aspect: "listed", value: "absent" });
    return [...this.observations, ...absences];
  }

  /** A copy without one surface's facts, to read that surface again (e.g. after changing it). */
  without(surface: string): ObservationLog {
    const copy = new ObservationLog();
    copy.observations.push(...this.observations.filter((item) => item.surface !== surface));
    for (const [name, prefixes] of this.complete)
      if (name !== surface) copy.complete.set(name, new Set(prefixes));
    return copy;
  }

  surfaces(): string[] {
    return [...new Set(this.observations.map((item) => item.surface))].sort();
  }
}

/** Every subject and aspect on which two surfaces (or two rows of one surface) differ. */
export function disagreements(observations: readonly Observation[]): Disagreement[] {
  const groups = new Map<string, Observation[]>();
  for (const item of observations) {
    const key = `${item.subject}\u0000${item.aspect}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const found: Disagreement[] = [];
  for (const items of groups.values()) {
    const values = new Map<string, string[]>();
    for (const item of items) {
      const sample = item.shown !== undefined ? `${item.surface} ("${item.shown}")` : item.surface;
      const seen = values.get(item.value) ?? [];
      if (!seen.some((entry) => entry.startsWith(`${item.surface} `) || entry === item.surface))
        seen.push(sample);
      values.set(item.value, seen);
    }
    // Sorted, so the same disagreement reads the same whatever order the surfaces were read in.
    const sorted = new Map([...values].sort(([a], [b]) => a.localeCompare(b)));
    for (const surfaces of sorted.values()) surfaces.sort();
    if (sorted.size > 1)
      found.push({ subject: items[0].subject, aspect: items[0].aspect, values: sorted });
  }
  return found.sort(
    (a, b) => a.subject.localeCompare(b.subject) || a.aspect.localeCompare(b.aspect),
  );
}

/** One line per disagreement: subject, aspect, then each value with who showed it. */
export function describeDisagreements(found: readonly Disagreement[]): string[] {
  return found.map((item) => {
    const parts = [...item.values].map(([value, surfaces]) => `${value}: ${surfaces.join(", ")}`);
    return `${item.subject} [${item.aspect}] ${parts.join(" | ")}`;
  });
}

/** The surfaces that took part in each disagreement (to tell which one a mutation broke). */
export function surfacesIn(item: Disagreement): string[] {
  return [...item.values.values()].flat().map((entry) => entry.replace(/ \(".*$/s, ""));
}

/**
 * The disagreements grouped by aspect and by which surfaces sided together, each group with its
 * count and one example: the short list to read first.
 */
export function summarise(found: readonly Disagreement[]): string[] {
  const groups = new Map<string, { count: number; example: string }>();
  for (const item of found) {
    const sides = [...item.values]
      .map(([value, surfaces]) => {
        const names = surfaces.map((entry) => entry.replace(/ \(".*$/s, "")).sort();
        return `${names.join(" + ")}${item.aspect === "state" ? ` "${value}"` : ""}`;
      })
      .sort();
    const key = `[${item.aspect}] ${sides.join("  ≠  ")}`;
    const group = groups.get(key) ?? { count: 0, example: describeDisagreements([item])[0] };
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => `${group.count} × ${key}\n      e.g. ${group.example}`);
}
