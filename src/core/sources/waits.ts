/**
 * Waits the REST layer chooses (Retry-After, throttling, back-off), told to whoever shows them:
 * stderr in the CLI, a notice in the hub and widgets. In the browser cross-origin answers may
 * hide Retry-After, so the UI says what back-off was chosen rather than what was asked.
 */
export interface WaitNotice {
  /** How long, in milliseconds. */
  ms: number;
  /** Why, in words: "Azure DevOps is throttling (429, Retry-After)". */
  reason: string;
}

/** A feed of wait notices that views subscribe to. */
export interface WaitFeed {
  /** Calls `listener` with each notice from now on; returns the unsubscribe function. */
  subscribe(listener: (notice: WaitNotice) => void): () => void;
}

/** A feed and the function that publishes to it. */
export function createWaitFeed(): { feed: WaitFeed; publish: (notice: WaitNotice) => void } {
  const listeners = new Set<(notice: WaitNotice) => void>();
  return {
    feed: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    publish: (notice) => listeners.forEach((listener) => listener(notice)),
  };
}
