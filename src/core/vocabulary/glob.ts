/**
 * Glob match of a whole name, case-insensitively: `*` is any run of characters, `?` one. The one
 * glob of the product: environment and stage name patterns (`prod*`), production patterns given
 * with `--production` or the project setting, and branch lists (`refs/heads/release/*`).
 */
export function globMatches(pattern: string, name: string): boolean {
  const expression = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${expression}$`, "is").test(name);
}
