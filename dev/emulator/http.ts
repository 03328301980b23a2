/** Request/response plumbing shared by the route modules. */
import type { WireFormat } from "./format";
import { ListBody, parseEnumParam, type EnumType } from "./format";
import type { DemoProject } from "./demo/model";
import type { Store } from "./store";
import type { ServerTarget } from "../../src/adapters/ado/apiVersions";

/** Query parameters with case-insensitive names (`$top`, `searchCriteria.status`, ...). */
export class Query {
  private readonly values = new Map<string, string[]>();

  constructor(params: URLSearchParams) {
    for (const [key, value] of params) {
      const name = key.toLowerCase();
      const list = this.values.get(name) ?? [];
      list.push(value);
      this.values.set(name, list);
    }
  }

  /** The first value of the first name given that is present. */
  get(...names: string[]): string | undefined {
    for (const name of names) {
      const list = this.values.get(name.toLowerCase());
      if (list && list.length > 0) return list[0];
    }
    return undefined;
  }

  /** Every value of a repeatable or comma-separated parameter. */
  list(...names: string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      for (const value of this.values.get(name.toLowerCase()) ?? []) {
        out.push(
          ...value
            .split(",")
            .map((part) => part.trim())
            .filter((part) => part !== ""),
        );
      }
    }
    return out;
  }

  int(...names: string[]): number | undefined {
    const raw = this.get(...names);
    if (raw === undefined || raw.trim() === "") return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value)) {
      throw badRequest(`The value '${raw}' is not valid for parameter ${names[0]}.`);
    }
    return value;
  }

  bool(...names: string[]): boolean {
    return (this.get(...names) ?? "").toLowerCase() === "true";
  }

  /** An enum given as a name or a number; undefined when absent. */
  enumValue(type: EnumType, ...names: string[]): number | undefined {
    const raw = this.get(...names);
    if (raw === undefined || raw.trim() === "") return undefined;
    let total = 0;
    for (const part of raw.split(",")) {
      const value = parseEnumParam(type, part);
      if (value === undefined) throw badRequest(`The value '${raw}' is not valid for ${names[0]}.`);
      total |= value;
    }
    return total;
  }
}

export interface Urls {
  baseUrl: string;
  orgUrl: string;
  org: string;
}

export interface RequestContext {
  method: string;
  params: Record<string, string>;
  query: Query;
  body: unknown;
  /** The project of the route, when the route names one. */
  project?: DemoProject;
  store: Store;
  format: WireFormat;
  urls: Urls;
  /** Which server the emulator stands in for (Services, or Azure DevOps Server 2022). */
  server: ServerTarget;
  /** Whether the fault options ask for short pages. */
  truncatedPages: boolean;
  /** Whether header-paged lists echo the request's continuation token (a service loop). */
  repeatingContinuationToken: boolean;
  /** The most items one page of a paged list holds (0: as asked). */
  maxPageSize: number;
  /** Throws 403 when the repository is listed in the forbidden-repositories fault. */
  assertRepositoryReadable(repositoryId: string, repositoryName: string): void;
  /** Throws 403 when the environment is listed in the forbidden-environments fault. */
  assertEnvironmentReadable(environmentId: number, environmentName: string): void;
  /** Counts an injected fault in the stats. */
  noteFault(name: string): void;
  /** Whether this page repeats the previous page's last item (the duplicate-across-pages fault). */
  duplicateAcrossPages(): boolean;
}

export interface ApiResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => ApiResponse;

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH";
  /** Path after `_apis/`, `{name}` captures one segment, `{*name}` the rest. */
  pattern: string;
  /** required: `{project}` must precede `_apis`; optional: allowed; none: org-level only. */
  project: "required" | "optional" | "none";
  name: string;
  handler: Handler;
  /** TSTU cost for the rate-limit simulator (default 1). */
  cost?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly typeName: string,
    readonly typeKey: string,
  ) {
    super(message);
  }
}

export function badRequest(message: string, typeKey = "ArgumentException"): ApiError {
  return new ApiError(400, message, `System.${typeKey}, mscorlib`, typeKey);
}

export function notFound(message: string, typeName: string, typeKey: string): ApiError {
  return new ApiError(404, message, typeName, typeKey);
}

export function projectNotFound(name: string): ApiError {
  return notFound(
    `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    "Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi",
    "ProjectDoesNotExistWithNameException",
  );
}

export function repositoryNotFound(key: string): ApiError {
  return notFound(
    `TF401019: The Git repository with name or identifier ${key} does not exist or you do not have permissions for the operation you are attempting.`,
    "Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server",
    "GitRepositoryNotFoundException",
  );
}

export function repositoryForbidden(repositoryName: string): ApiError {
  return new ApiError(
    403,
    `TF401027: You need the Git 'GenericRead' permission to perform this action. Details: identity 'Fabrikam\\emulator-user', scope 'repository' (${repositoryName}).`,
    "Microsoft.TeamFoundation.Git.Server.GitNeedsPermissionException, Microsoft.TeamFoundation.Git.Server",
    "GitNeedsPermissionException",
  );
}

export function environmentForbidden(environmentName: string): ApiError {
  return new ApiError(
    403,
    `Access denied: identity 'Fabrikam\\emulator-user' needs 'View' permission on environment '${environmentName}' to perform this action.`,
    "Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.Security",
    "AccessCheckException",
  );
}

/**
 * The continuation header of a page: the next token, or, under the repeating-token fault, the
 * token the request came with again (so a client that trusts the service pages forever).
 */
function nextTokenHeader(
  ctx: RequestContext,
  requestToken: string | undefined,
  next: string | undefined,
): Record<string, string> {
  if (ctx.repeatingContinuationToken && requestToken) {
    ctx.noteFault("repeatingToken");
    return { "x-ms-continuationtoken": requestToken };
  }
  return next === undefined ? {} : { "x-ms-continuationtoken": next };
}

export function genericNotFound(what: string): ApiError {
  return notFound(
    `${what} does not exist or you do not have permissions for the operation you are attempting.`,
    "Microsoft.VisualStudio.Services.Common.VssResourceNotFoundException, Microsoft.VisualStudio.Services.Common",
    "VssResourceNotFoundException",
  );
}

/** A list with no paging. */
export function list(items: unknown[]): ApiResponse {
  return { body: new ListBody(items) };
}

const TOKEN_PREFIX = "emu1.";

export function encodeOffsetToken(offset: number): string {
  return TOKEN_PREFIX + Buffer.from(`offset:${offset}`).toString("base64url");
}

export function decodeOffsetToken(token: string): number {
  if (!token.startsWith(TOKEN_PREFIX))
    throw badRequest(`The continuation token '${token}' is not valid.`);
  const text = Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString();
  const match = /^offset:(\d+)$/.exec(text);
  if (!match) throw badRequest(`The continuation token '${token}' is not valid.`);
  return Number(match[1]);
}

/** How many items one page returns; with `maxPageSize` or `truncatedPages` fewer than asked. */
export function pageSize(ctx: RequestContext, top: number): number {
  let size = top;
  if (ctx.maxPageSize > 0 && size > ctx.maxPageSize) {
    ctx.noteFault("cappedPage");
    size = ctx.maxPageSize;
  }
  if (!ctx.truncatedPages || size <= 1) return size;
  ctx.noteFault("truncatedPage");
  return Math.max(1, Math.ceil(size / 2));
}

/**
 * Header paging with an opaque offset token (`x-ms-continuationtoken` only when more exists).
 * Without a page size (no `$top` and no default) the whole list is returned.
 */
export function headerPaged<T>(
  ctx: RequestContext,
  items: T[],
  options: {
    /** Builds the wire object of one item (only for the items of the page). */
    view?: (item: T) => unknown;
    topParam?: string[];
    /** Page size when neither `$top` nor a token is given (default: the whole list). */
    defaultTop?: number;
    /** Page size when only a token is given (refs: 100). */
    defaultTopWithToken?: number;
    maxTop?: number;
  } = {},
): ApiResponse {
  const top = ctx.query.int(...(options.topParam ?? ["$top", "top"]));
  if (top !== undefined && top < 0) throw badRequest("$top must be zero or positive.");
  const token = ctx.query.get("continuationToken");
  const offset = token ? decodeOffsetToken(token) : 0;
  const requested =
    top ?? (token ? (options.defaultTopWithToken ?? options.defaultTop) : options.defaultTop);
  const view = options.view ?? ((item: T) => item);
  if (requested === undefined) return list(items.slice(offset).map(view));
  const size = pageSize(ctx, Math.min(requested, options.maxTop ?? Number.MAX_SAFE_INTEGER));
  const page = items.slice(offset, offset + size);
  // A list that shifted while paged: the previous page's last item comes again.
  if (offset > 0 && offset <= items.length && ctx.duplicateAcrossPages()) {
    page.unshift(items[offset - 1]);
  }
  const next = offset + size < items.length ? encodeOffsetToken(offset + size) : undefined;
  const headers = nextTokenHeader(ctx, token, next);
  return { body: new ListBody(page.map(view)), headers };
}

/** Paging where the token is the id of the first item of the next page (ids sorted as given). */
export function idPaged<T>(
  ctx: RequestContext,
  items: T[],
  idOf: (item: T) => number,
  options: { top?: number; descending?: boolean; view?: (item: T) => unknown },
): ApiResponse {
  const view = options.view ?? ((item: T) => item);
  const raw = ctx.query.get("continuationToken");
  let start = 0;
  if (raw !== undefined && raw !== "") {
    const tokenId = Number(raw);
    if (!Number.isInteger(tokenId))
      throw badRequest(`The continuation token '${raw}' is not valid.`);
    start = items.findIndex((item) =>
      options.descending ? idOf(item) <= tokenId : idOf(item) >= tokenId,
    );
    if (start < 0) start = items.length;
  }
  if (options.top === undefined) return list(items.slice(start).map(view));
  const size = pageSize(ctx, options.top);
  const page = items.slice(start, start + size);
  const next = items[start + size];
  const headers = nextTokenHeader(ctx, raw, next === undefined ? undefined : String(idOf(next)));
  return { body: new ListBody(page.map(view)), headers };
}

/** `$top`/`$skip` paging (no continuation). */
export function skipTop<T>(
  ctx: RequestContext,
  items: T[],
  names = { top: ["$top"], skip: ["$skip"] },
): T[] {
  const skip = ctx.query.int(...names.skip) ?? 0;
  const top = ctx.query.int(...names.top);
  return items.slice(skip, top === undefined ? undefined : skip + top);
}
