import type { CheckConfiguration } from "../../model";

/** Check type and task ids (contracts §5.3); the adapter's `kind` is trusted first. */
const APPROVAL_TYPE_ID = "8c6f20a7-a545-4486-9777-f762fafe0d4d";
const BRANCH_CONTROL_TASK_ID = "86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b";
const BRANCH_CONTROL_TASK_NAME = "evaluatebranchprotection";

function definitionRef(check: CheckConfiguration): { id?: string; name?: string } {
  const value = check.settings.definitionRef;
  if (typeof value !== "object" || value === null) return {};
  const { id, name } = value as Record<string, unknown>;
  return {
    id: typeof id === "string" ? id.toLowerCase() : undefined,
    name: typeof name === "string" ? name.toLowerCase() : undefined,
  };
}

export function isApprovalCheck(check: CheckConfiguration): boolean {
  return check.kind === "approval" || check.typeId.toLowerCase() === APPROVAL_TYPE_ID;
}

export function isBranchControlCheck(check: CheckConfiguration): boolean {
  if (check.kind === "branchControl") return true;
  const ref = definitionRef(check);
  return ref.id === BRANCH_CONTROL_TASK_ID || ref.name === BRANCH_CONTROL_TASK_NAME;
}

/** "check 12 (disabled)": why a configured check did not count. */
export function describeDisabled(checks: CheckConfiguration[]): string {
  if (checks.length === 0) return "";
  return ` Not counted: ${checks.map((check) => `check ${check.id} (disabled)`).join(", ")}.`;
}
