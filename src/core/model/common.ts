/** A person or group as Azure DevOps reports it (IdentityRef). */
export interface Identity {
  id: string;
  displayName: string;
  uniqueName?: string;
  isContainer?: boolean;
}
