/** What every surface reader writes to: the shared log, the run directory, the reached index. */
import type { ObservationLog } from "./observations";
import type { ReachedIndex } from "./reachedIndex";
import type { RunDirectory } from "./runDirectory";

export interface ReadContext {
  runs: RunDirectory;
  log: ObservationLog;
  reached: ReachedIndex;
}
