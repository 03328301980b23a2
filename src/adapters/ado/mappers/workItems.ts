import type { WorkItem, WorkItemRelation } from "../../../core/model";
import { parseArtifactUri } from "./artifactLinks";
import {
  asObject,
  compact,
  malformed,
  optArray,
  optDate,
  optIdentity,
  optObject,
  optString,
  reqArray,
  reqInt,
  reqString,
} from "./read";

/** Relations that point at resources, not at other work items. */
const RESOURCE_RELATIONS = new Set(["artifactlink", "hyperlink", "attachedfile"]);
const WORK_ITEM_URL = /\/_apis\/wit\/workItems\/(\d+)\/?$/i;

export function mapWorkItem(value: unknown): WorkItem {
  const what = "work item";
  const item = asObject(value, what);
  const fields = optObject(item, "fields", what);
  if (!fields) throw malformed(what, "fields", "is missing");
  const fieldsWhat = `${what}.fields`;
  return compact({
    id: reqInt(item, "id", what),
    rev: reqInt(item, "rev", what),
    type: optString(fields, "System.WorkItemType", fieldsWhat) ?? "",
    title: optString(fields, "System.Title", fieldsWhat) ?? "",
    state: optString(fields, "System.State", fieldsWhat) ?? "",
    projectName: optString(fields, "System.TeamProject", fieldsWhat),
    assignedTo: optIdentity(fields, "System.AssignedTo", fieldsWhat),
    changedDate: optDate(fields, "System.ChangedDate", fieldsWhat),
    createdDate: optDate(fields, "System.CreatedDate", fieldsWhat),
    tags: tagsOf(optString(fields, "System.Tags", fieldsWhat)),
    foundIn: optString(fields, "Microsoft.VSTS.Build.FoundIn", fieldsWhat),
    relations: optArray(item, "relations", what).map((relation) => mapRelation(relation)),
  });
}

/** `"incident; sev1"` → `["incident", "sev1"]`; no tags → undefined. */
function tagsOf(text: string | undefined): string[] | undefined {
  const tags = (text ?? "")
    .split(";")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
  return tags.length > 0 ? tags : undefined;
}

export function mapRelation(value: unknown): WorkItemRelation {
  const what = "work item relation";
  const relation = asObject(value, what);
  const rel = reqString(relation, "rel", what);
  const url = reqString(relation, "url", what);
  const attributes = optObject(relation, "attributes", what);
  const mapped: WorkItemRelation = { rel, url };
  const name = attributes ? optString(attributes, "name", `${what}.attributes`) : undefined;
  if (name) mapped.name = name;
  if (rel.toLowerCase() === "artifactlink") {
    mapped.artifact = parseArtifactUri(url);
  } else if (!RESOURCE_RELATIONS.has(rel.toLowerCase())) {
    const match = WORK_ITEM_URL.exec(url);
    if (match) mapped.workItemId = Number(match[1]);
  }
  return mapped;
}

/** Ids of a WIQL result (`workItems: [{id, url}]`). */
export function mapWiqlIds(value: unknown): number[] {
  const what = "WIQL result";
  const result = asObject(value, what);
  return reqArray(result, "workItems", what).map((reference) =>
    reqInt(asObject(reference, `${what}.workItems[]`), "id", `${what}.workItems[]`),
  );
}
