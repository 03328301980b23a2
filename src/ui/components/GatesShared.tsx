import * as React from "react";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import type { NotAvailable } from "../../core/gates/types";
import type { SourceError, Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { observeSources } from "../gates/observe";
import "./gates.css";

export interface GatesQueryState<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  /** SourceErrors the engine met (and turned into "not available" lines), for their kinds. */
  sourceErrors: SourceError[];
}

/** Runs an engine query when `load` changes (memoise it); a late answer of an older load is dropped. */
export function useGatesQuery<T>(
  load: ((sources: Sources) => Promise<T>) | undefined,
): GatesQueryState<T> {
  const { sources } = useUiEnvironment();
  // The state remembers which load it answers, so a new load reads as loading from its first
  // render (not as the previous answer, or as a failure without an error).
  const [state, setState] = React.useState<
    GatesQueryState<T> & { for?: (sources: Sources) => Promise<T> }
  >({ loading: false, sourceErrors: [] });
  React.useEffect(() => {
    if (!load) {
      setState({ loading: false, sourceErrors: [] });
      return;
    }
    let current = true;
    setState({ loading: true, sourceErrors: [], for: load });
    const observed = observeSources(sources);
    load(observed.sources).then(
      (data) =>
        current && setState({ data, loading: false, sourceErrors: observed.errors, for: load }),
      (error: unknown) =>
        current && setState({ error, loading: false, sourceErrors: observed.errors, for: load }),
    );
    return () => {
      current = false;
    };
  }, [load, sources]);
  if (load && state.for !== load) return { loading: true, sourceErrors: [] };
  return {
    data: state.data,
    error: state.error,
    loading: state.loading,
    sourceErrors: state.sourceErrors,
  };
}

/** The parts the engine could not read, each with the error's kind: the rest still stands. */
export function NotAvailableCard(props: {
  notAvailable: NotAvailable[];
  sourceErrors: SourceError[];
}) {
  const { notAvailable, sourceErrors } = props;
  if (notAvailable.length === 0) return null;
  const kindOf = (reason: string) => sourceErrors.find((error) => error.message === reason)?.kind;
  return (
    <MessageCard severity={MessageCardSeverity.Warning} role="alert">
      <div className="flex-column">
        <span className="font-weight-semibold">
          Part of the data could not be read; everything else is shown.
        </span>
        <ul className="rt-check-list">
          {notAvailable.map((entry, index) => {
            const kind = kindOf(entry.reason);
            return (
              <li key={`${entry.what}-${index}`}>
                {entry.what}: {entry.reason}
                {kind ? ` (${kind})` : ""}
              </li>
            );
          })}
        </ul>
      </div>
    </MessageCard>
  );
}

/** A date as a short local text, the exact time as hover text. */
export function DateText(props: { date?: Date; text: string }) {
  if (!props.date) return <span className="rt-muted">–</span>;
  return (
    <time dateTime={props.date.toISOString()} title={props.date.toLocaleString()}>
      {props.text}
    </time>
  );
}
