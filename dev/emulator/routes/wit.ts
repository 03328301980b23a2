/** wit: work items (GET ids / batch / by id), WIQL and artifact URI queries. */
import { en } from "../format";
import type { DemoProject, DemoWorkItem } from "../demo/model";
import { ApiError, badRequest, list, notFound, type RequestContext, type Route } from "../http";
import { identity, workItemUrl } from "../views";

const MAX_IDS = 200;
const WIQL_CAP = 20000;

type Expand = "none" | "relations" | "fields" | "links" | "all";

function parseExpand(raw: string | undefined): Expand {
  const value = (raw ?? "none").toLowerCase();
  const numeric: Record<string, Expand> = {
    "0": "none",
    "1": "relations",
    "2": "fields",
    "3": "links",
    "4": "all",
  };
  const expand = numeric[value] ?? value;
  if (!["none", "relations", "fields", "links", "all"].includes(expand)) {
    throw badRequest(`The value '${raw}' is not valid for $expand.`);
  }
  return expand as Expand;
}

function workItemView(
  ctx: RequestContext,
  item: DemoWorkItem,
  expand: Expand,
  fields: string[] | undefined,
): Record<string, unknown> {
  const project = ctx.store.demo.projects.find(
    (candidate) => candidate.id === item.projectId,
  ) as DemoProject;
  const all: Record<string, unknown> = {
    "System.Id": item.id,
    "System.AreaId": 10000 + (project.revision % 1000),
    "System.AreaPath": project.name,
    "System.TeamProject": project.name,
    "System.IterationPath": `${project.name}\\Sprint ${1 + (item.id % 12)}`,
    "System.WorkItemType": item.type,
    "System.State": item.state,
    "System.Reason": item.reason,
    ...(item.assignedTo ? { "System.AssignedTo": identity(ctx.urls, item.assignedTo) } : {}),
    "System.CreatedDate": item.createdDate,
    "System.CreatedBy": identity(ctx.urls, item.createdBy),
    "System.ChangedDate": item.changedDate,
    "System.ChangedBy": identity(ctx.urls, item.assignedTo ?? item.createdBy),
    "System.CommentCount": item.id % 4,
    "System.Title": item.title,
    "Microsoft.VSTS.Common.StateChangeDate": item.changedDate,
    "Microsoft.VSTS.Common.Priority": item.priority,
    // The service leaves out fields that have no value.
    ...(item.tags && item.tags.length > 0 ? { "System.Tags": item.tags.join("; ") } : {}),
    ...(item.foundIn ? { "Microsoft.VSTS.Build.FoundIn": item.foundIn } : {}),
  };
  let shown = all;
  if (fields && fields.length > 0) {
    shown = {};
    for (const name of fields) {
      const key = Object.keys(all).find(
        (candidate) => candidate.toLowerCase() === name.toLowerCase(),
      );
      if (key) shown[key] = all[key];
    }
  }
  const url = workItemUrl(ctx.urls, item.id, project.id);
  const view: Record<string, unknown> = { id: item.id, rev: item.rev, fields: shown };
  if (expand === "relations" || expand === "all") {
    view.relations = item.relations.map((relation) => ({
      rel: relation.rel,
      url:
        relation.url ??
        workItemUrl(ctx.urls, relation.targetWorkItemId as number, relation.targetProjectId),
      attributes: relation.attributes,
    }));
  }
  if (expand === "links" || expand === "all") {
    view._links = {
      self: { href: url },
      workItemUpdates: { href: `${url}/updates` },
      workItemRevisions: { href: `${url}/revisions` },
      workItemComments: { href: `${url}/comments` },
      html: { href: `${ctx.urls.orgUrl}/${project.id}/_workitems/edit/${item.id}` },
      workItemType: {
        href: `${ctx.urls.orgUrl}/${project.id}/_apis/wit/workItemTypes/${encodeURIComponent(item.type)}`,
      },
      fields: { href: `${ctx.urls.orgUrl}/${project.id}/_apis/wit/fields` },
    };
  }
  view.url = url;
  return view;
}

function missing(id: number): ApiError {
  return notFound(
    `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
    "Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemUnauthorizedAccessException, Microsoft.TeamFoundation.WorkItemTracking.Server",
    "WorkItemUnauthorizedAccessException",
  );
}

function getMany(
  ctx: RequestContext,
  rawIds: unknown[],
  options: { expand: Expand; fields?: string[]; errorPolicy: string },
) {
  if (rawIds.length === 0) throw badRequest("The ids parameter is required.");
  if (rawIds.length > MAX_IDS) {
    throw badRequest(
      `VS402335: The number of work items requested (${rawIds.length}) exceeds the limit of ${MAX_IDS}.`,
      "WorkItemTrackingQueryResultSizeLimitExceededException",
    );
  }
  if (
    options.fields &&
    options.fields.length > 0 &&
    options.expand !== "none" &&
    options.expand !== "links"
  ) {
    throw badRequest(
      `The expand parameter can not be used with the fields parameter.`,
      "ConflictingParametersException",
    );
  }
  const policy = options.errorPolicy.toLowerCase();
  const omit = policy === "omit" || policy === "2";
  const items = rawIds.map((raw) => {
    const id = Number(raw);
    if (!Number.isInteger(id))
      throw badRequest(`The value '${String(raw)}' is not a valid work item id.`);
    const item = ctx.store.workItemById.get(id);
    if (!item) {
      if (omit) return null;
      throw missing(id);
    }
    return workItemView(ctx, item, options.expand, options.fields);
  });
  return list(items);
}

interface WiqlCondition {
  test: (item: DemoWorkItem) => boolean;
}

const COLUMN_NAMES: Record<string, string> = {
  "system.id": "ID",
  "system.title": "Title",
  "system.state": "State",
  "system.workitemtype": "Work Item Type",
  "system.assignedto": "Assigned To",
  "system.changeddate": "Changed Date",
  "system.createddate": "Created Date",
  "system.teamproject": "Team Project",
  "system.tags": "Tags",
};

function wiqlError(message: string): ApiError {
  return new ApiError(
    400,
    message,
    "Microsoft.TeamFoundation.WorkItemTracking.Server.Metadata.WiqlSyntaxException, Microsoft.TeamFoundation.WorkItemTracking.Server",
    "WiqlSyntaxException",
  );
}

function literal(raw: string): string {
  const match = /^'(.*)'$/s.exec(raw.trim());
  if (!match) throw wiqlError(`Expected a quoted value, got ${raw}.`);
  return match[1].replace(/''/g, "'");
}

/** The clauses joined by AND, outside quoted literals (a title may contain " and "). */
function splitAnd(where: string): string[] {
  const clauses: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index < where.length; index++) {
    if (where[index] === "'") quoted = !quoted;
    if (quoted) continue;
    const and = /^\s+and\s+/i.exec(where.slice(index, index + 8));
    if (and && /\s/.test(where[index])) {
      clauses.push(where.slice(start, index));
      index += and[0].length - 1;
      start = index + 1;
    }
  }
  clauses.push(where.slice(start));
  return clauses;
}

/** Parses the WIQL subset the adapters use; anything else is a 400, never a silent guess. */
function parseWiql(ctx: RequestContext, query: string) {
  const match =
    /^\s*select\s+(.+?)\s+from\s+(workitems|workitemlinks)\s*(?:where\s+(.+?))?\s*(?:order\s+by\s+(.+?))?\s*$/is.exec(
      query,
    );
  if (!match) throw wiqlError("The emulator could not parse this WIQL query.");
  const [, select, from, where, orderBy] = match;
  if (from.toLowerCase() !== "workitems")
    throw wiqlError("The emulator supports flat queries (FROM WorkItems) only.");
  const columns = select.split(",").map((part) => part.trim().replace(/^\[|\]$/g, ""));
  const conditions: WiqlCondition[] = [];
  for (const clause of where ? splitAnd(where) : []) {
    const condition = /^\s*\[([^\]]+)\]\s*(=|<>|>=|<=|>|<|in|contains)\s*(.+?)\s*$/is.exec(clause);
    if (!condition)
      throw wiqlError(`The emulator does not support the WIQL clause: ${clause.trim()}`);
    const [, rawField, rawOp, rawValue] = condition;
    const field = rawField.toLowerCase();
    const op = rawOp.toLowerCase();
    if (field === "system.teamproject" && op === "=") {
      const name =
        rawValue.trim().toLowerCase() === "@project" ? ctx.project?.name : literal(rawValue);
      if (!name) throw wiqlError("@project needs a project in the route.");
      const project = ctx.store.project(name);
      conditions.push({ test: (item) => item.projectId === project?.id });
    } else if (field === "system.id" && /^-?\d+$/.test(rawValue.trim())) {
      const value = Number(rawValue);
      const compare: Record<string, (id: number) => boolean> = {
        "=": (id) => id === value,
        "<>": (id) => id !== value,
        ">": (id) => id > value,
        ">=": (id) => id >= value,
        "<": (id) => id < value,
        "<=": (id) => id <= value,
      };
      const test = compare[op];
      if (!test) throw wiqlError(`The emulator does not support the WIQL clause: ${clause.trim()}`);
      conditions.push({ test: (item) => test(item.id) });
    } else if (
      (field === "system.workitemtype" || field === "system.state") &&
      (op === "=" || op === "<>" || op === "in")
    ) {
      const values =
        op === "in"
          ? rawValue
              .trim()
              .replace(/^\(|\)$/g, "")
              .split(",")
              .map((part) => literal(part).toLowerCase())
          : [literal(rawValue).toLowerCase()];
      const pick = (item: DemoWorkItem) =>
        (field === "system.state" ? item.state : item.type).toLowerCase();
      conditions.push({
        test: (item) => (op === "<>" ? !values.includes(pick(item)) : values.includes(pick(item))),
      });
    } else if (field === "system.title" && op === "contains") {
      // The service matches words case-insensitively; a substring match is the emulator's subset.
      const text = literal(rawValue).toLowerCase();
      conditions.push({ test: (item) => item.title.toLowerCase().includes(text) });
    } else if (field === "system.tags" && op === "contains") {
      // On tags the service matches one whole tag, case-insensitively.
      const tag = literal(rawValue).trim().toLowerCase();
      conditions.push({
        test: (item) => (item.tags ?? []).some((candidate) => candidate.toLowerCase() === tag),
      });
    } else if (field === "system.changeddate" && (op === ">=" || op === ">")) {
      const today = /^@today\s*(?:-\s*(\d+))?$/i.exec(rawValue.trim());
      const anchor = ctx.store.demo.anchor.getTime();
      const bound = today
        ? anchor - Number(today[1] ?? 0) * 24 * 3600 * 1000
        : Date.parse(literal(rawValue));
      if (Number.isNaN(bound)) throw wiqlError(`Invalid date in: ${clause.trim()}`);
      conditions.push({
        test: (item) =>
          op === ">" ? item.changedDate.getTime() > bound : item.changedDate.getTime() >= bound,
      });
    } else {
      throw wiqlError(`The emulator does not support the WIQL clause: ${clause.trim()}`);
    }
  }
  let sort: (a: DemoWorkItem, b: DemoWorkItem) => number = (a, b) => a.id - b.id;
  const sortColumns: { field: string; descending: boolean }[] = [];
  if (orderBy) {
    const order = /^\s*\[([^\]]+)\]\s*(asc|desc)?\s*$/i.exec(orderBy);
    if (!order) throw wiqlError(`The emulator does not support ORDER BY ${orderBy}`);
    const field = order[1].toLowerCase();
    const descending = (order[2] ?? "asc").toLowerCase() === "desc";
    const key: Record<string, (item: DemoWorkItem) => number> = {
      "system.id": (item) => item.id,
      "system.changeddate": (item) => item.changedDate.getTime(),
      "system.createddate": (item) => item.createdDate.getTime(),
    };
    const get = key[field];
    if (!get) throw wiqlError(`The emulator does not support ORDER BY ${order[1]}`);
    sort = (a, b) => (descending ? get(b) - get(a) : get(a) - get(b)) || a.id - b.id;
    sortColumns.push({ field: order[1], descending });
  }
  return { columns, conditions, sort, sortColumns };
}

function fieldRef(ctx: RequestContext, referenceName: string) {
  return {
    referenceName,
    name: COLUMN_NAMES[referenceName.toLowerCase()] ?? referenceName,
    url: `${ctx.urls.orgUrl}/_apis/wit/fields/${referenceName}`,
  };
}

export const witRoutes: Route[] = [
  {
    method: "GET",
    pattern: "wit/workitems",
    project: "optional",
    name: "wit.workitems",
    handler: (ctx) => {
      const fields = ctx.query.list("fields");
      return getMany(ctx, ctx.query.list("ids"), {
        expand: parseExpand(ctx.query.get("$expand", "expand")),
        fields: fields.length > 0 ? fields : undefined,
        errorPolicy: ctx.query.get("errorPolicy") ?? "fail",
      });
    },
  },
  {
    method: "POST",
    pattern: "wit/workitemsbatch",
    project: "optional",
    name: "wit.workitemsbatch",
    handler: (ctx) => {
      const body = (ctx.body ?? {}) as {
        ids?: unknown;
        fields?: string[];
        $expand?: string | number;
        errorPolicy?: string | number;
      };
      if (!Array.isArray(body.ids)) throw badRequest("The request body must contain an ids array.");
      return getMany(ctx, body.ids, {
        expand: parseExpand(body.$expand === undefined ? undefined : String(body.$expand)),
        fields: body.fields,
        errorPolicy: body.errorPolicy === undefined ? "fail" : String(body.errorPolicy),
      });
    },
  },
  {
    method: "GET",
    pattern: "wit/workitems/{id}",
    project: "optional",
    name: "wit.workitem",
    handler: (ctx) => {
      const id = Number(ctx.params.id);
      const item = ctx.store.workItemById.get(id);
      if (!item) throw missing(id);
      const fields = ctx.query.list("fields");
      return {
        body: workItemView(
          ctx,
          item,
          parseExpand(ctx.query.get("$expand", "expand")),
          fields.length > 0 ? fields : undefined,
        ),
      };
    },
  },
  {
    method: "POST",
    pattern: "wit/wiql",
    project: "optional",
    name: "wit.wiql",
    cost: 10,
    handler: (ctx) => {
      const body = (ctx.body ?? {}) as { query?: unknown };
      if (typeof body.query !== "string")
        throw badRequest("The request body must contain a query.");
      const top = ctx.query.int("$top");
      const parsed = parseWiql(ctx, body.query);
      const matches = ctx.store.demo.workItems
        .filter((item) => parsed.conditions.every((condition) => condition.test(item)))
        .sort(parsed.sort);
      if (top === undefined && matches.length > WIQL_CAP) {
        throw new ApiError(
          400,
          `VS402337: The number of work items returned exceeds the size limit of ${WIQL_CAP}. Change the query to return fewer items.`,
          "Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemTrackingQueryResultSizeLimitExceededException, Microsoft.TeamFoundation.WorkItemTracking.Server",
          "WorkItemTrackingQueryResultSizeLimitExceededException",
        );
      }
      const page = top === undefined ? matches : matches.slice(0, top);
      return {
        body: {
          queryType: en("QueryType", "flat"),
          queryResultType: en("QueryResultType", "workItem"),
          asOf: ctx.store.demo.anchor,
          columns: parsed.columns.map((column) => fieldRef(ctx, column)),
          sortColumns: parsed.sortColumns.map((column) => ({
            field: fieldRef(ctx, column.field),
            descending: column.descending,
          })),
          workItems: page.map((item) => ({ id: item.id, url: workItemUrl(ctx.urls, item.id) })),
        },
      };
    },
  },
  {
    method: "POST",
    pattern: "wit/artifacturiquery",
    project: "optional",
    name: "wit.artifacturiquery",
    handler: (ctx) => {
      const body = (ctx.body ?? {}) as { artifactUris?: unknown };
      if (!Array.isArray(body.artifactUris))
        throw badRequest("The request body must contain artifactUris.");
      const result: Record<string, { id: number; url: string }[]> = {};
      for (const uri of body.artifactUris) {
        if (typeof uri !== "string") throw badRequest("Every artifact URI must be a string.");
        result[uri] = ctx.store
          .workItemsForArtifact(uri)
          .map((id) => ({ id, url: workItemUrl(ctx.urls, id) }));
      }
      return { body: { artifactUrisQueryResult: result } };
    },
  },
];
