/**
 * A user's view preferences (which matrix columns show): read once, kept per user in extension
 * data by the hub. Without a store (tests, other surfaces) a choice lasts while the view is open.
 */
import * as React from "react";
import type { KeyValueStore } from "./compliance/storage";

const PreferenceStoreContext = React.createContext<KeyValueStore | undefined>(undefined);

export function PreferencesProvider(props: { store: KeyValueStore; children?: React.ReactNode }) {
  return (
    <PreferenceStoreContext.Provider value={props.store}>
      {props.children}
    </PreferenceStoreContext.Provider>
  );
}

/**
 * `[value, set]` for one preference: `fallback` until the stored value has been read (or when it
 * could not be, or has another shape: `valid` decides). Saving is best effort: the choice applies
 * at once, and a failed save only means it is not remembered.
 */
export function useViewPreference<T>(
  key: string,
  fallback: T,
  valid: (value: unknown) => value is T,
): [T, (value: T) => void] {
  const store = React.useContext(PreferenceStoreContext);
  const [value, setValue] = React.useState<T>(fallback);
  const touched = React.useRef(false);
  const isValid = React.useRef(valid);
  isValid.current = valid;
  React.useEffect(() => {
    if (!store) return;
    let current = true;
    store.get<unknown>(key).then(
      (stored) => {
        if (current && !touched.current && isValid.current(stored)) setValue(stored);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [store, key]);
  const set = React.useCallback(
    (next: T) => {
      touched.current = true;
      setValue(next);
      store?.set(key, next).catch(() => undefined);
    },
    [store, key],
  );
  return [value, set];
}
