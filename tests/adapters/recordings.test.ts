/**
 * Replays the real dev.azure.com recordings (`../shared/ado-recordings`, read as YAML here so
 * nothing is hand-copied): each successful answer of a route the product reads goes through that
 * route's mapper, which must neither throw nor lose a field the answer carries; each error
 * answer goes through the transport's error mapping, whose SourceError kind and message are
 * checked. Interactions the product has no reader for are listed with the reason.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { sharedFolder } from "../../dev/emulator/specs";
import {
  mapGitRef,
  mapPipeline,
  mapPolicyConfiguration,
  mapProject,
  mapPullRequest,
  mapRepository,
  mapRun,
  mapWiqlIds,
  mapWorkItem,
} from "../../src/adapters/ado/mappers";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import type { SourceErrorKind } from "../../src/core/sources";
import { sourceErrorOf } from "./helpers/sourceErrors";
import { recordingSleep, startStubServer } from "./helpers/stubServer";

const ROOT = sharedFolder("ado-recordings", "ADO_RECORDINGS", "README.md");

interface Interaction {
  name: string;
  method: string;
  /** The path after `_apis/`, lower-cased ("" for a host that has none). */
  route: string;
  status: number;
  body: string;
  headers: Record<string, string>;
}

interface RecordingFile {
  interactions: {
    request: { method: string; uri: string };
    response: {
      status: { code: number };
      body: { string: string };
      headers?: Record<string, string[]>;
    };
  }[];
}

function readInteractions(): Interaction[] {
  const files = readdirSync(ROOT).filter((file) => file.endsWith(".yaml"));
  return files.flatMap((file) => {
    const recording = load(readFileSync(join(ROOT, file), "utf8")) as RecordingFile;
    return recording.interactions.map(({ request, response }, index) => {
      const path = decodeURIComponent(new URL(request.uri).pathname);
      const apis = path.toLowerCase().indexOf("/_apis/");
      const headers = Object.fromEntries(
        Object.entries(response.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value[0]]),
      );
      return {
        name: `${file} #${index}`,
        method: request.method.toUpperCase(),
        route: apis < 0 ? "" : path.slice(apis + "/_apis/".length).toLowerCase(),
        status: response.status.code,
        // Some service error bodies start with a UTF-8 byte-order mark.
        body: (response.body.string ?? "").replace(/^\uFEFF/, ""),
        headers,
      };
    });
  });
}

type Json = Record<string, unknown>;
/** Checks one mapped item against the raw item it came from. */
type Replay = (item: Json) => void;

const at = (object: Json, path: string): unknown =>
  path.split(".").reduce<unknown>((value, key) => (value as Json | undefined)?.[key], object);

/** Each raw field (dotted path) that is present must arrive under the mapped key unchanged. */
function keeps(mapped: object, raw: Json, pairs: Record<string, string>): void {
  for (const [rawPath, mappedPath] of Object.entries(pairs)) {
    const value = at(raw, rawPath);
    if (value === undefined || value === null || value === "") continue;
    const got = at(mapped as Json, mappedPath);
    const same =
      got instanceof Date
        ? got.getTime() === Date.parse(String(value))
        : String(got) === String(value);
    if (!same)
      throw new Error(
        `${rawPath} ${JSON.stringify(value)} became ${mappedPath} ${JSON.stringify(got)}`,
      );
  }
}

const project: Replay = (raw) => keeps(mapProject(raw), raw, { id: "id", name: "name" });
const repository: Replay = (raw) =>
  keeps(mapRepository(raw), raw, {
    id: "id",
    name: "name",
    "project.id": "projectId",
    defaultBranch: "defaultBranch",
    webUrl: "webUrl",
    isDisabled: "isDisabled",
  });
const ref: Replay = (raw) => keeps(mapGitRef(raw), raw, { name: "name", objectId: "objectId" });
const pullRequest: Replay = (raw) => {
  const mapped = mapPullRequest(raw);
  keeps(mapped, raw, {
    pullRequestId: "id",
    title: "title",
    status: "status",
    sourceRefName: "sourceRefName",
    targetRefName: "targetRefName",
    "repository.id": "repositoryId",
    "repository.name": "repositoryName",
    "repository.project.id": "projectId",
    creationDate: "creationDate",
    closedDate: "closedDate",
    "createdBy.id": "createdBy.id",
    "lastMergeCommit.commitId": "mergeCommitId",
  });
  expect(mapped.reviewers).toHaveLength(((raw.reviewers as unknown[]) ?? []).length);
};
const policy: Replay = (raw) =>
  keeps(mapPolicyConfiguration(raw), raw, {
    id: "id",
    revision: "revision",
    "type.id": "typeId",
    "type.displayName": "typeDisplayName",
    isEnabled: "isEnabled",
    isBlocking: "isBlocking",
    "settings.minimumApproverCount": "settings.minimumApproverCount",
  });
const pipeline: Replay = (raw) =>
  keeps(mapPipeline(raw), raw, {
    id: "id",
    name: "name",
    path: "path",
    "repository.id": "repositoryId",
  });
const run: Replay = (raw) =>
  keeps(mapRun(raw), raw, {
    id: "id",
    buildNumber: "number",
    "definition.id": "pipeline.id",
    "definition.name": "pipeline.name",
    status: "status",
    result: "result",
    reason: "reason",
    sourceBranch: "sourceBranch",
    sourceVersion: "sourceVersion",
    "repository.id": "repositoryId",
    queueTime: "queueTime",
    startTime: "startTime",
    finishTime: "finishTime",
    uri: "uri",
  });
const workItem: Replay = (raw) => {
  const mapped = mapWorkItem(raw);
  keeps(mapped, raw, { id: "id", rev: "rev" });
  const fields = raw.fields as Json;
  expect([mapped.type, mapped.title, mapped.state]).toEqual([
    fields["System.WorkItemType"] ?? "",
    fields["System.Title"] ?? "",
    fields["System.State"] ?? "",
  ]);
  expect(mapped.relations).toHaveLength(((raw.relations as unknown[]) ?? []).length);
};
const wiql: Replay = (raw) =>
  expect(mapWiqlIds(raw)).toEqual((raw.workItems as Json[]).map((item) => item.id));

/** Routes the product reads: `METHOD route` (after `_apis/`, lower-cased) → its mapper. */
const READERS: [RegExp, Replay][] = [
  [/^(get|patch) projects(\/[^/]+)?$/, project],
  [/^(get|post|patch) git\/repositories(\/[^/]+)?$/, repository],
  [/^get git\/repositories\/[^/]+\/refs$/, ref],
  [/^(get|post|patch) git\/repositories\/[^/]+\/pullrequests(\/\d+)?$/, pullRequest],
  [/^get git\/pullrequests\/\d+$/, pullRequest],
  [/^(get|post|put) policy\/configurations(\/\d+)?$/, policy],
  [/^(get|post|put) build\/definitions(\/\d+)?$/, pipeline],
  [/^(get|post|patch) build\/builds(\/\d+)?$/, run],
  [/^(get|patch|post) wit\/workitems(\/\$?\w+)?$/, workItem],
  [/^(post wit\/wiql|get wit\/wiql\/[^/]+)$/, wiql],
];

/** What the product does not read, by route, with the reason. */
const NOT_READ: [RegExp, string][] = [
  [/^delete /, "a delete answer carries no resource the product reads"],
  [/^post projects$/, "project creation answers an operation reference; the product never creates"],
  [/^get operations\//, "operation polling (project creation)"],
  [/^(post|patch) git\/repositories\/[^/]+\/refs$/, "ref updates; the product never writes refs"],
  [/\/importrequests/, "repository imports"],
  [/\/reviewers(\/|$)/, "reviewer votes are read from the pull request itself"],
  [/^(get|post|put) build\/builds\/\d+\/tags/, "build tags"],
  [/^(get|post|put) build\/folders/, "pipeline folders"],
  [/^(get|patch) build\/authorizedresources/, "pipeline resource authorisations"],
  [
    /^(get|post|put) distributedtask\/(pools|queues|variablegroups)/,
    "agent pools, queues, variable groups",
  ],
  [/^get wit\/workitemrelationtypes$/, "relation types; the product matches relation names itself"],
  [/^(get|post|patch) wit\/classificationnodes/, "area and iteration paths (boards)"],
  [/^(get|post|patch) work\/teamsettings/, "team settings (boards)"],
  [/^(get|post) projects\/[^/]+\/teams/, "teams"],
  [/^get process\/processes/, "process templates"],
  [
    /^(get|options) (connectiondata|resourceareas|)$/,
    "location service (the SDK and node-api use it)",
  ],
  [
    /^\w+ (settings|graph|identities|userentitlements|securitynamespaces|accesscontrol|permissions|wiki|subjectlookup)/i,
    "an area the product does not read (admin, identity, security, wiki)",
  ],
  [/^post public\/gallery\//, "Marketplace gallery (not Azure DevOps REST)"],
];

const all = readInteractions();
const key = (interaction: Interaction) =>
  `${interaction.method.toLowerCase()} ${interaction.route}`;
const readerOf = (interaction: Interaction) =>
  READERS.find(([pattern]) => pattern.test(key(interaction)))?.[1];
const skipReason = (interaction: Interaction) =>
  NOT_READ.find(([pattern]) => pattern.test(key(interaction)))?.[1];

it("classifies every recorded interaction: a reader, or a listed reason", () => {
  expect(all.length).toBeGreaterThan(500);
  const unclassified = all.filter(
    (interaction) => interaction.status < 400 && !readerOf(interaction) && !skipReason(interaction),
  );
  expect(unclassified.map((interaction) => `${interaction.name} ${key(interaction)}`)).toEqual([]);
});

const successes = all.filter(
  (interaction) =>
    interaction.status < 300 && readerOf(interaction) && interaction.body.trim() !== "",
);

it.each(successes.map((interaction) => [interaction.name, key(interaction), interaction] as const))(
  "%s %s goes through its mapper without losing a field",
  (_name, _route, interaction) => {
    const body = JSON.parse(interaction.body) as Json;
    const items = Array.isArray(body.value) ? (body.value as Json[]) : [body];
    const replay = readerOf(interaction) as Replay;
    for (const item of items) replay(item);
  },
);

/** The SourceError kind each recorded status must give (the error mapping's contract). */
const KIND_OF_STATUS: Record<number, SourceErrorKind> = {
  400: "server",
  401: "auth",
  404: "not-found",
  503: "server",
};

const errors = all.filter((interaction) => interaction.status >= 400);

it("replays every recorded error answer (12 of them)", () => {
  expect(errors.map((interaction) => interaction.status).sort()).toEqual([
    ...[400, 400, 401, 401, 401, 404, 404, 404, 503, 503, 503, 503],
  ]);
});

it.each(errors.map((interaction) => [interaction.name, interaction.status, interaction] as const))(
  "%s (%d) goes through the error mapping",
  async (_name, status, interaction) => {
    const server = await startStubServer(() => ({
      status,
      headers: { "content-type": interaction.headers["content-type"] ?? "text/plain" },
      body: interaction.body,
    }));
    try {
      const { sources } = createAdoSources({
        orgUrl: server.orgUrl,
        auth: patAuth("recorded-pat"),
        retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 },
        sleep: recordingSleep().sleep,
        onWarning: () => undefined,
      });
      const error = await sourceErrorOf(sources.git.listRepositories("demo"));
      expect(error.kind).toBe(KIND_OF_STATUS[status]);
      expect(error.status).toBe(status);
      // The service's own words reach the reason when the body carries them.
      let message: unknown;
      try {
        message = (JSON.parse(interaction.body) as { message?: unknown }).message;
      } catch {
        message = undefined;
      }
      if (typeof message === "string") expect(error.message).toContain(message.slice(0, 60));
    } finally {
      await server.close();
    }
  },
);
