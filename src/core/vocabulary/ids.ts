/** Work item, run and release ids are 32-bit signed integers in Azure DevOps. */
export const MAX_ID = 2_147_483_647;

/**
 * The id a user typed ("42", " #42 "), or undefined when it is not one the service could hold:
 * not a whole number, zero, or over MAX_ID (the service would answer 400, or another item).
 */
export function parseItemId(text: string): number | undefined {
  const digits = text.trim().replace(/^#/, "");
  if (!/^\d+$/.test(digits)) return undefined;
  const id = Number(digits);
  return id >= 1 && id <= MAX_ID ? id : undefined;
}
