import type { Sources } from "./index";

/** Sources whose new reads wait while the gate is closed (see gatedSources). */
export interface SourceGate {
  sources: Sources;
  /** From now on, reads wait before they start; reads already started finish. */
  close(): void;
  /** Reads start again, the waiting ones first. */
  open(): void;
}

/**
 * Wraps every port so a page can stop reading without failing anything: a work item form group
 * whose work item was unloaded starts no request, yet the reads it shares with the next work item
 * (and any cache holding their promises) simply resume when one is loaded.
 */
export function gatedSources(inner: Sources): SourceGate {
  let opened: Promise<void> = Promise.resolve();
  let release: (() => void) | undefined;
  const gated = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, key) {
        const member = Reflect.get(target, key) as unknown;
        if (typeof member !== "function") return member;
        return async (...args: unknown[]) => {
          // Checked again after each wait: the gate may have closed again meanwhile.
          while (release) await opened;
          return (member as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrapped = new WeakMap<object, object>();
  // Ports are wrapped as they are asked for, so any Sources (a plain object or a proxy) works.
  const sources = new Proxy(inner, {
    get(target, area) {
      const port = Reflect.get(target, area) as unknown;
      if (typeof port !== "object" || port === null) return port;
      if (!wrapped.has(port)) wrapped.set(port, gated(port));
      return wrapped.get(port);
    },
  });
  return {
    sources,
    close() {
      if (release) return;
      opened = new Promise((resolve) => (release = resolve));
    },
    open() {
      const waiting = release;
      release = undefined;
      waiting?.();
    },
  };
}
