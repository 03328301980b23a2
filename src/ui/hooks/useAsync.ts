import * as React from "react";

export interface AsyncState<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
}

/**
 * Runs `load` when it changes (memoise it with useCallback) and tracks its outcome. A result that
 * arrives after unmount or after a newer load started is dropped.
 */
export function useAsync<T>(load: () => Promise<T>): AsyncState<T> {
  const [state, setState] = React.useState<AsyncState<T>>({ loading: true });
  React.useEffect(() => {
    let current = true;
    setState({ loading: true });
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [load]);
  return state;
}

/** Calls `onSettled` once per finished load (with the error, if any): widgets report their status. */
export function useSettled(
  state: AsyncState<unknown>,
  onSettled: ((error?: unknown) => void) | undefined,
): void {
  React.useEffect(() => {
    if (!state.loading && onSettled) onSettled(state.error);
  }, [state.loading, state.error, onSettled]);
}
