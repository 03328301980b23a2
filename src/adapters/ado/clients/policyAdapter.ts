import type { PolicyConfiguration, PolicyEvaluation, PolicyType } from "../../../core/model";
import type { PolicySource } from "../../../core/sources";
import { PolicyRestClient } from "../apiClients";
import {
  mapPolicyConfiguration,
  mapPolicyEvaluation,
  mapPolicyType,
  pullRequestArtifactId,
} from "../mappers";
import { collectAllByContinuationToken, collectByTopSkip, itemsOf } from "../paging";
import { byId, guarded, guardedList, rawTokenPage, type AdapterContext } from "./shared";

const REVISIONS_PAGE_SIZE = 100;
const EVALUATIONS_PAGE_SIZE = 100;

export class PolicyAdapter implements PolicySource {
  private readonly policy: PolicyRestClient;
  private readonly raw;

  constructor(context: AdapterContext) {
    this.policy = context.client(PolicyRestClient, "policy");
    this.raw = context.raw("policy");
  }

  /** One paged `policy/configurations` listing for the project; no per-repository calls. */
  listPolicyConfigurations(project: string): Promise<PolicyConfiguration[]> {
    const what = `policy configurations of ${project}`;
    return guardedList(`list ${what}`, byId, async () => {
      // getPolicyConfigurations cannot pass a continuation token back; same route, requested directly.
      const items = await collectAllByContinuationToken(
        (continuationToken) =>
          rawTokenPage(
            this.raw,
            {
              routeTemplate: "{project}/_apis/policy/configurations",
              apiVersion: "7.2-preview.1",
              routeValues: { project },
              queryParams: { continuationToken },
            },
            what,
          ),
        what,
      );
      return items.map(mapPolicyConfiguration).filter((configuration) => !configuration.isDeleted);
    });
  }

  listPolicyTypes(project: string): Promise<PolicyType[]> {
    return guarded(`list policy types of ${project}`, async () =>
      itemsOf(await this.policy.getPolicyTypes(project), "policy types").map(mapPolicyType),
    );
  }

  listPolicyRevisions(project: string, configurationId: number): Promise<PolicyConfiguration[]> {
    const what = `revisions of policy configuration ${configurationId}`;
    return guardedList(
      `list ${what}`,
      (item) => item.revision,
      async () => {
        const items = await collectByTopSkip(
          async (top, skip) =>
            itemsOf(
              await this.policy.getPolicyConfigurationRevisions(
                project,
                configurationId,
                top,
                skip,
              ),
              what,
            ),
          REVISIONS_PAGE_SIZE,
          what,
        );
        return items.map(mapPolicyConfiguration).sort((a, b) => b.revision - a.revision);
      },
    );
  }

  listPullRequestPolicyEvaluations(
    project: string,
    pullRequest: { projectId: string; pullRequestId: number },
  ): Promise<PolicyEvaluation[]> {
    const what = `policy evaluations of pull request ${pullRequest.pullRequestId}`;
    const artifactId = pullRequestArtifactId(pullRequest.projectId, pullRequest.pullRequestId);
    return guarded(`list ${what}`, async () => {
      // Only published as a preview resource (contracts §3.4).
      const items = await collectByTopSkip(
        async (top, skip) =>
          itemsOf(
            await this.raw.request<unknown>({
              routeTemplate: "{project}/_apis/policy/evaluations",
              apiVersion: "7.1-preview.1",
              routeValues: { project },
              queryParams: { artifactId, includeNotApplicable: false, $top: top, $skip: skip },
            }),
            what,
          ),
        EVALUATIONS_PAGE_SIZE,
        what,
      );
      return items.map(mapPolicyEvaluation);
    });
  }
}
