/**
 * The project's production pattern for the views: read once from extension data (the setting the
 * hub saves, which the CLI reads too), changeable where a store that can write is given.
 */
import * as React from "react";
import {
  DEFAULT_PRODUCTION,
  resolveProductionPattern,
  type ProductionPattern,
} from "../../core/vocabulary/production";
import {
  parseProductionSetting,
  productionSettingKey,
  type StoredProductionSetting,
} from "../../core/vocabulary/productionSetting";
import type { KeyValueStore } from "../compliance/storage";

export interface ProductionState {
  pattern: ProductionPattern;
  /** True until the setting has been read (views may wait so they do not flash the default). */
  loading: boolean;
  /** Why the setting could not be read or used (the default then applies), in one sentence. */
  problem?: string;
  /** Saves new patterns for the project, or clears the setting (undefined); absent when read-only. */
  save?: (patterns: string[] | undefined) => Promise<void>;
}

const DEFAULT_STATE: ProductionState = { pattern: DEFAULT_PRODUCTION, loading: false };

const ProductionContext = React.createContext<ProductionState>(DEFAULT_STATE);

/** The pattern in force; the default when no provider is above (tests, contributions without it). */
export function useProduction(): ProductionState {
  return React.useContext(ProductionContext);
}

function stateOf(value: unknown): Pick<ProductionState, "pattern" | "problem"> {
  const parsed = parseProductionSetting(value);
  if (!parsed.ok) {
    return {
      pattern: DEFAULT_PRODUCTION,
      problem: `The saved production pattern cannot be used (${parsed.problem}); the default applies.`,
    };
  }
  return { pattern: resolveProductionPattern(undefined, parsed.patterns) };
}

/** The project's setting read once, for a surface that builds its sessions before rendering. */
export async function loadProductionState(
  store: KeyValueStore,
  projectId: string,
): Promise<ProductionState> {
  try {
    return {
      ...stateOf(await store.get<unknown>(productionSettingKey(projectId))),
      loading: false,
    };
  } catch {
    return { pattern: DEFAULT_PRODUCTION, loading: false, problem: UNREADABLE };
  }
}

/** Gives views a state read beforehand (read-only surfaces such as the work item form). */
export function ProductionStateProvider(props: {
  value: ProductionState;
  children?: React.ReactNode;
}) {
  return (
    <ProductionContext.Provider value={props.value}>{props.children}</ProductionContext.Provider>
  );
}

const UNREADABLE = "The saved production pattern could not be read; the default applies.";

export function ProductionProvider(props: {
  store: KeyValueStore;
  projectId: string;
  /** Whether this surface may change the setting (the hub); others only read it. */
  editable?: boolean;
  children?: React.ReactNode;
}) {
  const { store, projectId, editable, children } = props;
  const key = productionSettingKey(projectId);
  const [state, setState] = React.useState<Omit<ProductionState, "save">>({
    pattern: DEFAULT_PRODUCTION,
    loading: true,
  });
  React.useEffect(() => {
    let live = true;
    store.get<unknown>(key).then(
      (value) => live && setState({ ...stateOf(value), loading: false }),
      () => live && setState({ pattern: DEFAULT_PRODUCTION, loading: false, problem: UNREADABLE }),
    );
    return () => {
      live = false;
    };
  }, [store, key]);
  const save = React.useCallback(
    async (patterns: string[] | undefined) => {
      const stored: StoredProductionSetting = { patterns: patterns ?? [] };
      await store.set(key, stored);
      setState({ ...stateOf(stored), loading: false });
    },
    [store, key],
  );
  const value = React.useMemo(
    () => ({ ...state, ...(editable ? { save } : {}) }),
    [state, editable, save],
  );
  return <ProductionContext.Provider value={value}>{children}</ProductionContext.Provider>;
}
