/** A person or group as Azure DevOps reports it (IdentityRef). */
export interface Identity {
  id: string;
  displayName: string;
  uniqueName?: string;
  isContainer?: boolean;
}

/**
 * A list that may be incomplete. Adapters page every list to its end; when they cannot
 * (a page failed after retries), they say so here instead of returning a short list silently.
 */
export interface Completeness {
  complete: boolean;
  /** Why the list is incomplete, in words a user can act on. */
  reason?: string;
}
