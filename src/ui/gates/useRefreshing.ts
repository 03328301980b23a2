import * as React from "react";
import type { NotAvailable } from "../../core/gates/types";
import { isSourceError, type Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { nextRefreshMinutes } from "./refresh";

export interface RefreshingState<T> {
  /** The last good answer, kept while a later refresh fails. */
  data?: T;
  /** The last refresh's failure; cleared by the next success. */
  error?: unknown;
  /** True until the first refresh has answered. */
  loading: boolean;
  /** True when the last refresh met a throttled answer (the delay is backing off). */
  throttled: boolean;
  /** Minutes until the next refresh. */
  nextInMinutes: number;
  /** How many refreshes have answered. */
  refreshes: number;
}

/** The engine's "not available" entries of an answer (engine results carry them; counts don't). */
function notAvailableOf(data: unknown): readonly NotAvailable[] {
  if (typeof data !== "object" || data === null || !("notAvailable" in data)) return [];
  return Array.isArray(data.notAvailable) ? (data.notAvailable as NotAvailable[]) : [];
}

/**
 * Loads now, then again every `intervalMinutes`. A refresh that meets a throttled answer (thrown,
 * or swallowed by the engine into "not available") doubles the delay up to a cap; the next clean
 * refresh returns to the interval. `load` must be memoised (useCallback).
 */
export function useRefreshing<T>(
  load: (sources: Sources) => Promise<T>,
  intervalMinutes: number,
): RefreshingState<T> {
  const { sources } = useUiEnvironment();
  const [state, setState] = React.useState<RefreshingState<T>>({
    loading: true,
    throttled: false,
    nextInMinutes: intervalMinutes,
    refreshes: 0,
  });
  React.useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = intervalMinutes;
    setState({ loading: true, throttled: false, nextInMinutes: intervalMinutes, refreshes: 0 });
    const refresh = async () => {
      let outcome: "ok" | "throttled" | "failed" = "ok";
      let data: T | undefined;
      let error: unknown;
      try {
        data = await load(sources);
      } catch (caught) {
        error = caught;
        outcome = "failed";
      }
      if (notAvailableOf(data).some((entry) => entry.kind === "throttled")) outcome = "throttled";
      else if (isSourceError(error) && error.kind === "throttled") outcome = "throttled";
      if (!active) return;
      delay = nextRefreshMinutes(intervalMinutes, delay, outcome);
      setState((previous) => ({
        data: error === undefined ? data : previous.data,
        error,
        loading: false,
        throttled: outcome === "throttled",
        nextInMinutes: delay,
        refreshes: previous.refreshes + 1,
      }));
      timer = setTimeout(() => void refresh(), delay * 60_000);
    };
    void refresh();
    return () => {
      active = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [load, intervalMinutes, sources]);
  return state;
}
