import * as React from "react";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import type { NotAvailable } from "../../core/gates/types";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { shortReason } from "../errors";
import "./gates.css";

export interface GatesQueryState<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
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
  >({ loading: false });
  React.useEffect(() => {
    if (!load) {
      setState({ loading: false });
      return;
    }
    let current = true;
    setState({ loading: true, for: load });
    load(sources).then(
      (data) => current && setState({ data, loading: false, for: load }),
      (error: unknown) => current && setState({ error, loading: false, for: load }),
    );
    return () => {
      current = false;
    };
  }, [load, sources]);
  if (load && state.for !== load) return { loading: true };
  return { data: state.data, error: state.error, loading: state.loading };
}

/** The parts the engine could not read, each with the error's kind: the rest still stands. */
export function NotAvailableCard(props: { notAvailable: NotAvailable[] }) {
  const { notAvailable } = props;
  if (notAvailable.length === 0) return null;
  return (
    <MessageCard severity={MessageCardSeverity.Warning} role="alert">
      <div className="flex-column">
        <span className="font-weight-semibold">
          Part of the data could not be read; everything else is shown.
        </span>
        <ul className="rt-check-list">
          {notAvailable.map((entry, index) => (
            <li key={`${entry.what}-${index}`} title={entry.reason}>
              {entry.what}: {shortReason(entry.reason)}
              {entry.kind ? ` (${entry.kind})` : ""}
            </li>
          ))}
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
