import type {
  CheckConfiguration,
  CheckResource,
  CheckSuite,
  PipelineApproval,
} from "../../../core/model";
import type { ChecksSource } from "../../../core/sources";
import type { RawRestClient } from "../apiClients";
import { distinct, runInBatches } from "../batching";
import { mapCheckConfiguration, mapCheckSuite, mapPipelineApproval } from "../mappers";
import { itemsOf } from "../paging";
import { guarded, type AdapterContext } from "./shared";

/*
 * pipelines/checks and pipelines/approvals have no generated client. They are asked for string
 * enums (no enumsAsNumbers): their numeric values are not published anywhere.
 */
const CHECKS_API_VERSION = "7.1-preview.1";
const APPROVALS_API_VERSION = "7.1";
const RESOURCES_PER_QUERY = 50;
const APPROVAL_IDS_PER_QUERY = 50;
/** pipelines/approvals has no paging; ask for this many and say so if it fills up. */
const APPROVALS_TOP = 1000;

export class ChecksAdapter implements ChecksSource {
  private readonly raw: RawRestClient;

  constructor(private readonly context: AdapterContext) {
    this.raw = context.raw("checks", "strings");
  }

  queryCheckConfigurations(
    project: string,
    resources: CheckResource[],
  ): Promise<CheckConfiguration[]> {
    return guarded(`query check configurations of ${resources.length} resources`, async () =>
      runInBatches(resources, RESOURCES_PER_QUERY, async (batch) => {
        const body = await this.raw.request<unknown>({
          routeTemplate: "{project}/_apis/pipelines/checks/queryconfigurations",
          apiVersion: CHECKS_API_VERSION,
          method: "POST",
          routeValues: { project },
          queryParams: { $expand: "settings" },
          body: batch.map((resource) => ({
            type: resource.type,
            id: resource.id,
            name: resource.name,
          })),
        });
        return itemsOf(body, "check configurations").map(mapCheckConfiguration);
      }),
    );
  }

  getCheckSuite(project: string, checkSuiteId: string): Promise<CheckSuite> {
    return guarded(`get check suite ${checkSuiteId}`, async () => {
      const body = await this.raw.request<unknown>({
        routeTemplate: "{project}/_apis/pipelines/checks/runs/{checkSuiteId}",
        apiVersion: CHECKS_API_VERSION,
        routeValues: { project, checkSuiteId },
        queryParams: { $expand: "resources" },
      });
      return mapCheckSuite(body);
    });
  }

  listApprovals(
    project: string,
    query: { approvalIds?: string[]; state?: "pending" | "all" },
  ): Promise<PipelineApproval[]> {
    const state = query.state === "pending" ? "pending" : undefined;
    return guarded(`list pipeline approvals of ${project}`, async () => {
      if (query.approvalIds) {
        const ids = distinct(query.approvalIds);
        return runInBatches(ids, APPROVAL_IDS_PER_QUERY, (batch) =>
          this.fetchApprovals(project, { approvalIds: batch.join(","), state }),
        );
      }
      const approvals = await this.fetchApprovals(project, { state, top: APPROVALS_TOP });
      if (approvals.length >= APPROVALS_TOP) {
        this.context.warn(
          `pipeline approvals of ${project}: the service returned its maximum of ${APPROVALS_TOP}; this list cannot be paged and may be incomplete`,
        );
      }
      return approvals;
    });
  }

  private async fetchApprovals(
    project: string,
    query: { approvalIds?: string; state?: string; top?: number },
  ): Promise<PipelineApproval[]> {
    const body = await this.raw.request<unknown>({
      routeTemplate: "{project}/_apis/pipelines/approvals",
      apiVersion: APPROVALS_API_VERSION,
      routeValues: { project },
      queryParams: { ...query, $expand: "steps" },
    });
    return itemsOf(body, "pipeline approvals").map(mapPipelineApproval);
  }
}
