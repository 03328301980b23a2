import {
  broughtText,
  countsAsText,
  deploymentLink,
  deploymentsByKey,
  figureEvidence,
} from "../../../src/ui/metrics/evidence";
import { createWebLinks } from "../../../src/ui/links";
import { deployment, report } from "../deliveryFixtures";

describe("a figure's evidence", () => {
  const full = report();
  const byKey = deploymentsByKey(full);

  it("lists the failure rate's deployments failing first, then newest first", () => {
    const evidence = figureEvidence(full, full.total.figures.changeFailureRate);
    expect(evidence.deployments.map((d) => d.key)).toEqual(["d4", "d2", "d3", "d1"]);
    expect(evidence.failures.map((failure) => failure.deployment)).toEqual(["d2", "d4"]);
    expect(evidence.incidents.map((incident) => incident.id)).toEqual([77]);
    expect(evidence.commits).toEqual([]);
  });

  it("gives lead time its commits, longest first, and only the deployments it counts", () => {
    const evidence = figureEvidence(full, full.total.figures.leadTime);
    expect(evidence.commits.map((commit) => commit.key)).toEqual(["c1@d1", "c2@d3"]);
    expect(evidence.deployments.map((d) => d.key)).toEqual(["d3", "d1"]);
    expect(evidence.failures).toEqual([]);
  });

  it("says what made a deployment failing, each rule that holds", () => {
    expect(countsAsText(byKey.get("d4")!, byKey)).toBe(
      "Failing: its result: failed; incident #77 is attributed to it",
    );
    expect(countsAsText(byKey.get("d2")!, byKey)).toBe(
      "Failing: rolled back: the next deployment (2025.d3) deployed an older run",
    );
    expect(countsAsText(byKey.get("d1")!, byKey)).toBe("Successful");
    expect(countsAsText(deployment("x", { rework: true }), byKey)).toBe(
      "Successful, rework (brought a bug)",
    );
  });

  it("says what a deployment brought, or that it could not be read", () => {
    expect(broughtText(byKey.get("d1")!)).toBe("1 commit, 0 work items");
    expect(broughtText(byKey.get("d4")!)).toBe("Could not be read");
  });

  it("links a YAML deployment to its run and a Classic one to its release", () => {
    const links = createWebLinks("https://dev.azure.com/fabrikam", "Demo");
    expect(deploymentLink(links, byKey.get("d1")!)).toBe(
      "https://dev.azure.com/fabrikam/Demo/_build/results?buildId=1",
    );
    expect(deploymentLink(links, byKey.get("d4")!)).toMatch(/releaseId=40$/);
  });
});
