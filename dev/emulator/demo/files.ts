/** File contents of demo repositories (served by the git items route), by repository and path. */

const DAY = 24 * 60 * 60 * 1000;

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The platform team keeps the project's compliance baseline as code. Its exceptions hang off the
 * demo's anchor so one stays active and one has expired whatever day the demo is generated.
 */
function complianceBaseline(anchor: Date): string {
  return [
    "# Branch-policy baseline of the platform team, read by Release Trace.",
    "name: Platform baseline",
    "branches:",
    "  - default",
    "  - refs/heads/release/*",
    "rules:",
    "  branch.min-reviewers:",
    "    minimumApprovers: 2",
    "  branch.no-self-approval: {}",
    "  branch.reset-votes-on-push: {}",
    "  branch.build-validation: {}",
    "  branch.work-item-linking:",
    "    severity: low",
    "  branch.comment-resolution: {}",
    "exceptions:",
    "  - rule: branch.build-validation",
    "    repository: docs-site",
    "    justification: Static site; the publishing pipeline validates every change.",
    `    expires: ${isoDate(new Date(anchor.getTime() + 180 * DAY))}`,
    "  - rule: branch.min-reviewers",
    "    repository: data-pipeline",
    "    justification: Single maintainer until the team grows.",
    `    expires: ${isoDate(new Date(anchor.getTime() - 30 * DAY))}`,
    "",
  ].join("\n");
}

export function demoFiles(
  repositoryName: string,
  anchor: Date,
): Record<string, string> | undefined {
  if (repositoryName === "infra-terraform") {
    return { "/compliance/baseline.yml": complianceBaseline(anchor) };
  }
  return undefined;
}
