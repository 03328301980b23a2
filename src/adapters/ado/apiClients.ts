/*
 * The one place that loads azure-devops-extension-api at runtime (with lazyApiClients.ts for the
 * clients loaded on first use). `./nodeGlobals` must be
 * evaluated before the api modules, so it is imported first, and every other adapter file takes
 * the client classes from here. Only area subpaths are used: the package root and `/Common`
 * pull in the SDK (AMD) and fail in Node.
 */
import "./nodeGlobals";
import type { IVssRestClientOptions } from "azure-devops-extension-api/Common";
import { CoreRestClient } from "azure-devops-extension-api/Core";
import { PolicyRestClient } from "azure-devops-extension-api/Policy";

export { CoreRestClient, PolicyRestClient };
export {
  loadBuildClient,
  loadReleaseClient,
  loadTaskAgentClient,
  loadWorkItemClient,
} from "./lazyApiClients";

/** The subset of the api's request parameters the adapters use (RestClientRequestParams). */
export interface RequestParams {
  routeTemplate: string;
  apiVersion: string;
  routeValues?: Record<string, string | number | undefined>;
  /** An object value is sent field by field (`searchCriteria.status=…`), as the generated clients do. */
  queryParams?: Record<string, string | number | boolean | object | undefined>;
  method?: string;
  body?: unknown;
  returnRawResponse?: boolean;
}

interface RestClientBaseInstance {
  beginRequest<T>(params: RequestParams): Promise<T>;
}

/*
 * RestClientBase is not in the package's exports map (only area folders are), but every generated
 * client extends it, so it is reached through a generated client's prototype chain. This keeps
 * URL building (route templates, query flattening) identical to the generated clients. The policy
 * client is the smallest one loaded up front: a page that reads no git carries no git client.
 */
const RestClientBase = Object.getPrototypeOf(PolicyRestClient) as new (
  options: IVssRestClientOptions,
) => object;
if (
  typeof (RestClientBase.prototype as Partial<RestClientBaseInstance>).beginRequest !== "function"
) {
  throw new Error(
    "azure-devops-extension-api changed: PolicyRestClient no longer extends RestClientBase with beginRequest",
  );
}

/**
 * A client for routes that have no generated method, or whose generated method cannot pass a
 * continuation token (git refs, policy configurations, pipelines checks and approvals).
 */
export class RawRestClient extends RestClientBase {
  request<T>(params: RequestParams): Promise<T> {
    return (this as unknown as RestClientBaseInstance).beginRequest<T>(params);
  }
}
