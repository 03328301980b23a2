/**
 * Wire formats. The store keeps dates as `Date` and enums as `EnumValue`; this module turns a
 * response object into the default JSON format (camelCase string enums, ISO dates, `{count,value}`)
 * or the format the extension clients ask for (`enumsAsNumbers`, `msDateFormat`, `noArrayWrap`).
 */

/** Numeric values of the enums the emulator serves (contracts §9 and the client typings). */
export const ENUMS = {
  PullRequestStatus: { notSet: 0, active: 1, abandoned: 2, completed: 3, all: 4 },
  PullRequestAsyncStatus: {
    notSet: 0,
    queued: 1,
    conflicts: 2,
    succeeded: 3,
    rejectedByPolicy: 4,
    failure: 5,
  },
  GitPullRequestMergeStrategy: { noFastForward: 1, squash: 2, rebase: 3, rebaseMerge: 4 },
  GitObjectType: { bad: 0, commit: 1, tree: 2, blob: 3, tag: 4 },
  ProjectVisibility: { private: 0, organization: 1, public: 2 },
  // The service's .NET ProjectState (the api package types `state` as any).
  ProjectState: {
    all: -1,
    unchanged: -2,
    new: 0,
    wellFormed: 1,
    deleting: 2,
    createPending: 3,
    deleted: 4,
  },
  PolicyEvaluationStatus: {
    queued: 0,
    running: 1,
    approved: 2,
    rejected: 3,
    notApplicable: 4,
    broken: 5,
  },
  BuildStatus: {
    none: 0,
    inProgress: 1,
    completed: 2,
    cancelling: 4,
    postponed: 8,
    abandoned: 16,
    notStarted: 32,
    all: 63,
  },
  BuildResult: { none: 0, succeeded: 2, partiallySucceeded: 4, failed: 8, canceled: 32 },
  BuildReason: {
    none: 0,
    manual: 1,
    individualCI: 2,
    batchedCI: 4,
    schedule: 8,
    scheduleForced: 16,
    userCreated: 32,
    validateShelveset: 64,
    checkInShelveset: 128,
    pullRequest: 256,
    buildCompletion: 512,
    resourceTrigger: 1024,
    triggered: 1967,
    all: 2031,
  },
  BuildQueryOrder: {
    finishTimeAscending: 2,
    finishTimeDescending: 3,
    queueTimeDescending: 4,
    queueTimeAscending: 5,
    startTimeDescending: 6,
    startTimeAscending: 7,
  },
  QueuePriority: { low: 5, belowNormal: 4, normal: 3, aboveNormal: 2, high: 1 },
  DefinitionQueueStatus: { enabled: 0, paused: 1, disabled: 2 },
  DefinitionType: { xaml: 1, build: 2 },
  DefinitionQuality: { definition: 1, draft: 2 },
  ConditionType: { undefined: 0, event: 1, environmentState: 2, artifact: 4 },
  ReleaseTriggerType: {
    undefined: 0,
    artifactSource: 1,
    schedule: 2,
    sourceRepo: 3,
    containerImage: 4,
    package: 5,
    pullRequest: 6,
  },
  TimelineRecordState: { pending: 0, inProgress: 1, completed: 2 },
  TaskResult: {
    succeeded: 0,
    succeededWithIssues: 1,
    failed: 2,
    canceled: 3,
    skipped: 4,
    abandoned: 5,
  },
  IssueType: { error: 1, warning: 2 },
  EnvironmentResourceType: { undefined: 0, generic: 1, virtualMachine: 2, kubernetes: 4 },
  ReleaseStatus: { undefined: 0, draft: 1, active: 2, abandoned: 4 },
  ReleaseReason: { none: 0, manual: 1, continuousIntegration: 2, schedule: 3, pullRequest: 4 },
  EnvironmentStatus: {
    undefined: 0,
    notStarted: 1,
    inProgress: 2,
    succeeded: 4,
    canceled: 8,
    rejected: 16,
    queued: 32,
    scheduled: 64,
    partiallySucceeded: 128,
  },
  DeploymentStatus: {
    undefined: 0,
    notDeployed: 1,
    inProgress: 2,
    succeeded: 4,
    partiallySucceeded: 8,
    failed: 16,
    all: 31,
  },
  DeploymentOperationStatus: {
    undefined: 0,
    queued: 1,
    scheduled: 2,
    pending: 4,
    approved: 8,
    rejected: 16,
    deferred: 32,
    queuedForAgent: 64,
    phaseInProgress: 128,
    phaseSucceeded: 256,
    phasePartiallySucceeded: 512,
    phaseFailed: 1024,
    canceled: 2048,
    phaseCanceled: 4096,
    manualInterventionPending: 8192,
    queuedForPipeline: 16384,
    cancelling: 32768,
    evaluatingGates: 65536,
    gateFailed: 131072,
    all: 258047,
  },
  ReleaseApprovalStatus: {
    undefined: 0,
    pending: 1,
    approved: 2,
    rejected: 4,
    reassigned: 6,
    canceled: 7,
    skipped: 8,
  },
  ApprovalType: { undefined: 0, preDeploy: 1, postDeploy: 2, all: 3 },
  ApprovalExecutionOrder: { beforeGates: 1, afterSuccessfulGates: 2, afterGatesAlways: 4 },
  GateStatus: { none: 0, pending: 1, inProgress: 2, succeeded: 4, failed: 8, canceled: 16 },
  DeployPhaseStatus: {
    undefined: 0,
    notStarted: 1,
    inProgress: 2,
    partiallySucceeded: 4,
    succeeded: 8,
    failed: 16,
    canceled: 32,
    skipped: 64,
    cancelling: 128,
  },
  DeployPhaseTypes: {
    undefined: 0,
    agentBasedDeployment: 1,
    runOnServer: 2,
    machineGroupBasedDeployment: 4,
    deploymentGates: 8,
  },
  ReleaseTaskStatus: {
    unknown: 0,
    pending: 1,
    inProgress: 2,
    success: 3,
    failure: 4,
    canceled: 5,
    skipped: 6,
    succeeded: 7,
    failed: 8,
    partiallySucceeded: 9,
  },
  DeploymentReason: { none: 0, manual: 1, automated: 2, scheduled: 4, redeployTrigger: 8 },
  ReleaseDefinitionSource: {
    undefined: 0,
    restApi: 1,
    userInterface: 2,
    ibiza: 4,
    portalExtensionApi: 8,
  },
  ReleaseExpands: {
    none: 0,
    environments: 2,
    artifacts: 4,
    approvals: 8,
    manualInterventions: 16,
    variables: 32,
    tags: 64,
  },
  ReleaseDefinitionExpands: {
    none: 0,
    environments: 2,
    artifacts: 4,
    triggers: 8,
    variables: 16,
    tags: 32,
    lastRelease: 64,
  },
  QueryType: { flat: 1, tree: 2, oneHop: 3 },
  QueryResultType: { workItem: 1, workItemLink: 2 },
} as const;

export type EnumType = keyof typeof ENUMS;
export type EnumName<T extends EnumType> = keyof (typeof ENUMS)[T] & string;

/** An enum value in the store: its camelCase name, serialised as a string or a number. */
export class EnumValue<T extends EnumType = EnumType> {
  constructor(
    readonly type: T,
    readonly name: EnumName<T>,
  ) {}
  get number(): number {
    return (ENUMS[this.type] as Record<string, number>)[this.name];
  }
}

export function en<T extends EnumType>(type: T, name: EnumName<T>): EnumValue<T> {
  return new EnumValue(type, name);
}

/** Parses an enum query parameter given as a name (any case) or a number. */
export function parseEnumParam(type: EnumType, raw: string): number | undefined {
  const table = ENUMS[type] as Record<string, number>;
  const trimmed = raw.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  const key = Object.keys(table).find((name) => name.toLowerCase() === trimmed.toLowerCase());
  return key === undefined ? undefined : table[key];
}

/** Parses a flags parameter: names separated by commas, or one combined integer. */
export function parseFlagsParam(type: EnumType, raw: string): number | undefined {
  let total = 0;
  for (const part of raw.split(",")) {
    if (part.trim() === "") continue;
    const value = parseEnumParam(type, part);
    if (value === undefined) return undefined;
    total |= value;
  }
  return total;
}

export function enumName(type: EnumType, value: number): string | undefined {
  const table = ENUMS[type] as Record<string, number>;
  return Object.keys(table).find((name) => table[name] === value);
}

export interface WireFormat {
  enumsAsNumbers: boolean;
  msDateFormat: boolean;
  noArrayWrap: boolean;
  excludeUrls: boolean;
  /** The api-version from the Accept header or the query, echoed in content-type. */
  apiVersion?: string;
}

/** Reads the `Accept` header options the extension clients send. */
export function parseAccept(accept: string | undefined, queryApiVersion?: string): WireFormat {
  const options = new Map<string, string>();
  for (const part of (accept ?? "").split(/[;,]/)) {
    const [key, value] = part.split("=").map((text) => text.trim());
    if (key && value !== undefined) options.set(key.toLowerCase(), value);
  }
  const flag = (name: string) => options.get(name.toLowerCase())?.toLowerCase() === "true";
  return {
    enumsAsNumbers: flag("enumsAsNumbers"),
    msDateFormat: flag("msDateFormat"),
    noArrayWrap: flag("noArrayWrap"),
    excludeUrls: flag("excludeUrls"),
    apiVersion: queryApiVersion ?? options.get("api-version"),
  };
}

export const DEFAULT_FORMAT: WireFormat = {
  enumsAsNumbers: false,
  msDateFormat: false,
  noArrayWrap: false,
  excludeUrls: false,
};

/** A list response: `{count, value}` by default, a bare array with `noArrayWrap`. */
export class ListBody {
  constructor(readonly items: unknown[]) {}
}

// A marker JSON.stringify cannot produce from user text: the NUL char is escaped as \u0000.
const MS_DATE_MARK = "\u0000MSDATE:";
const MS_DATE_PATTERN = /"\\u0000MSDATE:(-?\d+)"/g;

export function serialize(body: unknown, format: WireFormat): string {
  const root = body instanceof ListBody ? wrapList(body.items, format) : body;
  const text = JSON.stringify(root, function replacer(this: unknown, key: string, value: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof Date) {
      return format.msDateFormat ? `${MS_DATE_MARK}${raw.getTime()}` : raw.toISOString();
    }
    if (value instanceof EnumValue) return format.enumsAsNumbers ? value.number : value.name;
    if (value instanceof ListBody) return wrapList(value.items, format);
    return value;
  });
  // The extension client only recognises dates written with escaped slashes: "\/Date(ms)\/".
  return format.msDateFormat ? text.replace(MS_DATE_PATTERN, '"\\/Date($1)\\/"') : text;
}

function wrapList(items: unknown[], format: WireFormat): unknown {
  return format.noArrayWrap ? items : { count: items.length, value: items };
}
