/**
 * The baseline whose gap rules the hub and the work item form apply: the project's saved
 * baseline choice (the Compliance tab's), then its file. Read once per trace session, when gaps
 * are first needed.
 */
import type { Baseline } from "../../core/compliance/baseline/types";
import type { Sources } from "../../core/sources";
import { builtInChoice, loadBaseline, readBaselineChoice } from "../compliance/baseline";
import { storeKeys, type KeyValueStore } from "../compliance/storage";

export interface GapBaselineSource {
  sources: Sources;
  project: string;
  projectId: string;
  store: KeyValueStore;
}

export function gapBaselineReader(from: GapBaselineSource): () => Promise<Baseline> {
  return async () => {
    // An unreadable saved choice falls back to the built-in baseline, as the Compliance tab does.
    const saved = await from.store
      .get<unknown>(storeKeys.baselineChoice(from.projectId))
      .catch(() => undefined);
    const choice = saved === undefined ? builtInChoice : readBaselineChoice(saved).choice;
    return loadBaseline(from.sources, from.project, choice);
  };
}
