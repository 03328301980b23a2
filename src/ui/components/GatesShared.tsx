import * as React from "react";
import type { NotAvailable } from "../../core/gates/types";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { NotAvailableNotice } from "./NotAvailableNotice";
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

/** The parts the engine could not read, in the one notice every view uses; the rest stands. */
export function NotAvailableCard(props: { notAvailable: NotAvailable[] }) {
  return <NotAvailableNotice notes={props.notAvailable} />;
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
