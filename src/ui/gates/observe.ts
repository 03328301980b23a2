/** Sources that remember which SourceErrors they met. */
import { isSourceError, type SourceError, type Sources } from "../../core/sources";

export interface ObservedSources {
  sources: Sources;
  errors: SourceError[];
}

/**
 * The engine turns a failed read into a `notAvailable` line (what, message); the UI also wants the
 * error's kind (throttled, permission…), so it watches the calls it hands to the engine.
 */
export function observeSources(sources: Sources): ObservedSources {
  const errors: SourceError[] = [];
  const watch = (port: object): object =>
    // Proxies, because adapters are class instances (methods on the prototype) and some sources
    // are proxies themselves: nothing here enumerates them.
    new Proxy(port, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          try {
            return await (value as (...inner: unknown[]) => Promise<unknown>).apply(target, args);
          } catch (error) {
            if (isSourceError(error)) errors.push(error);
            throw error;
          }
        };
      },
    });
  const observed = new Proxy(sources, {
    get(target, area, receiver) {
      const port: unknown = Reflect.get(target, area, receiver);
      if (typeof area !== "string" || typeof port !== "object" || port === null) return port;
      return watch(port);
    },
  });
  // Same shape as `sources`, method for method.
  return { sources: observed, errors };
}
