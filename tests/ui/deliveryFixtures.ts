/** A small delivery-metrics report, built by hand, for the Delivery views' tests. */
import type {
  ChangeFailureFigure,
  CommitEvidence,
  DeliveryMetricsReport,
  DeploymentEvidence,
  FrequencyFigure,
  LeadTimeFigure,
  MetricFigures,
  MetricsRow,
  MetricsSlice,
  RecoveryFigure,
  ReworkFigure,
  TrendWeek,
} from "../../src/core/metrics/types";

const web = { id: 7, name: "web-ci-cd" };
const HOUR = 3600;

export function deployment(
  key: string,
  overrides: Partial<DeploymentEvidence> = {},
): DeploymentEvidence {
  return {
    key,
    kind: "yaml",
    pipeline: web,
    environment: "prod",
    production: true,
    runId: Number(key.replace(/\D/g, "")) || 1,
    name: `2025.${key}`,
    result: "succeeded",
    state: "succeeded",
    classification: "successful",
    failing: [],
    startedAt: "2025-01-06T10:00:00Z",
    finishedAt: "2025-01-06T10:30:00Z",
    inWindow: true,
    brought: { runs: [], commits: ["c1"], workItems: [], comparison: "since-previous" },
    rework: false,
    ...overrides,
  };
}

export const deployments: DeploymentEvidence[] = [
  deployment("d1", { finishedAt: "2025-01-02T09:00:00Z" }),
  deployment("d2", {
    finishedAt: "2025-01-05T09:00:00Z",
    failing: [{ rule: "rollback", by: "d3" }],
    rework: true,
  }),
  deployment("d3", { finishedAt: "2025-01-06T09:00:00Z", name: "2025.d3" }),
  deployment("d4", {
    kind: "classic",
    pipeline: { id: 3, name: "payments-release" },
    environment: "Production",
    runId: undefined,
    releaseId: 40,
    name: "Release-40",
    result: "failed",
    state: "failed",
    classification: "failed",
    failing: [
      { rule: "result", state: "failed" },
      { rule: "incident", incidentId: 77 },
    ],
    finishedAt: "2025-01-07T09:00:00Z",
    brought: null,
    rework: null,
  }),
];

export const commits: CommitEvidence[] = [
  {
    key: "c1@d1",
    id: "c1c1c1c1c1c1c1c1",
    repository: "web",
    committedAt: "2025-01-01T09:00:00Z",
    deployment: "d1",
    runId: 1,
    leadSeconds: 24 * HOUR,
    stages: { coding: HOUR, review: 2 * HOUR, build: HOUR, deploy: 20 * HOUR },
    pullRequest: { id: 5, createdAt: null, completedAt: null, codingFrom: "first-commit" },
    build: null,
  },
  {
    key: "c2@d3",
    id: "c2c2c2c2c2c2c2c2",
    repository: null,
    committedAt: "2025-01-06T05:00:00Z",
    deployment: "d3",
    runId: 3,
    leadSeconds: 4 * HOUR,
    stages: { coding: null, review: null, build: HOUR, deploy: 3 * HOUR },
    pullRequest: null,
    build: null,
  },
];

function base<T extends keyof MetricFigures>(
  metric: MetricFigures[T]["metric"],
  keys: string[],
  noun: "deployments" | "commits" | "failures",
  of: number,
) {
  return {
    metric,
    outcome: "value" as const,
    notAvailable: [],
    universe: { counted: keys.length, of, noun },
    deployments: keys,
  };
}

export function figures(): MetricFigures {
  const frequency: FrequencyFigure = {
    ...base<"deploymentFrequency">("deployment-frequency", ["d1", "d2", "d3"], "deployments", 4),
    metric: "deployment-frequency",
    unit: "per-day",
    value: 0.1,
    band: "high",
    successful: 3,
    deploymentDays: 3,
    windowDays: 30,
  };
  const leadTime: LeadTimeFigure = {
    ...base<"leadTime">("lead-time", ["d1", "d3"], "commits", 2),
    metric: "lead-time",
    unit: "seconds",
    value: 14 * HOUR,
    band: "elite",
    medianSeconds: 14 * HOUR,
    p90Seconds: 22 * HOUR,
    count: 2,
    commits: ["c1@d1", "c2@d3"],
    breakdown: { coding: HOUR, review: 2 * HOUR, build: HOUR, deploy: 11 * HOUR },
  };
  const changeFailureRate: ChangeFailureFigure = {
    ...base<"changeFailureRate">("change-failure-rate", ["d1", "d2", "d3", "d4"], "deployments", 4),
    metric: "change-failure-rate",
    unit: "ratio",
    universe: { counted: 2, of: 4, noun: "deployments" },
    value: 0.5,
    band: "low",
    failing: 2,
    total: 4,
  };
  const recoveryTime: RecoveryFigure = {
    ...base<"recoveryTime">("recovery-time", ["d2", "d4"], "failures", 2),
    metric: "recovery-time",
    unit: "seconds",
    value: 24 * HOUR,
    band: "medium",
    medianSeconds: 24 * HOUR,
    count: 1,
    open: 1,
  };
  const reworkRate: ReworkFigure = {
    ...base<"reworkRate">("rework-rate", ["d1", "d2", "d3"], "deployments", 3),
    metric: "rework-rate",
    unit: "ratio",
    universe: { counted: 1, of: 3, noun: "deployments" },
    outcome: "not-available",
    value: null,
    band: null,
    rework: null,
    successful: 3,
    notAvailable: [
      {
        what: "work items",
        kind: "server",
        reason: "GET …/workitems failed with 500",
        status: 500,
      },
    ],
  };
  return { deploymentFrequency: frequency, leadTime, changeFailureRate, recoveryTime, reworkRate };
}

export function week(name: string, from: string, to: string, values: number[]): TrendWeek {
  const ids = [
    "deployment-frequency",
    "lead-time",
    "change-failure-rate",
    "recovery-time",
    "rework-rate",
  ] as const;
  return {
    week: name,
    from,
    to,
    partial: false,
    values: Object.fromEntries(
      ids.map((id, index) => [id, values[index] ?? null]),
    ) as TrendWeek["values"],
    outcomes: Object.fromEntries(
      ids.map((id, index) => [id, values[index] === undefined ? "none" : "value"]),
    ) as TrendWeek["outcomes"],
  };
}

export function slice(): MetricsSlice {
  return {
    figures: figures(),
    trend: [
      week("2024-W52", "2024-12-23T00:00:00Z", "2024-12-30T00:00:00Z", [0, 3 * 86400, 0]),
      week("2025-W01", "2024-12-30T00:00:00Z", "2025-01-06T00:00:00Z", [
        0.3,
        2 * 86400,
        0.5,
        86400,
      ]),
    ],
    directions: {
      "deployment-frequency": "up",
      "lead-time": "down",
      "change-failure-rate": "up",
      "recovery-time": "unknown",
      "rework-rate": "flat",
    },
  };
}

export function report(): DeliveryMetricsReport {
  const rows: MetricsRow[] = [
    { scope: { kind: "yaml", pipeline: web, environment: "prod", production: true }, ...slice() },
  ];
  return {
    schemaVersion: 1,
    project: "Demo",
    window: { since: "2024-12-12T00:00:00.000Z", until: "2025-01-11T00:00:00.000Z", days: 30 },
    now: "2025-01-10T12:00:00.000Z",
    selection: {
      pipeline: null,
      environment: null,
      production: "default",
      incidents: { type: "Bug", tag: "incident" },
      reworkType: "Bug",
    },
    total: slice(),
    rows,
    deployments,
    commits,
    incidents: [
      {
        id: 77,
        title: "Checkout down",
        createdAt: "2025-01-07T10:00:00Z",
        attribution: "found-in-build-link",
        deployment: "d4",
        build: { id: 40 },
      },
    ],
    failures: [
      {
        deployment: "d2",
        from: "2025-01-05T09:00:00Z",
        reasons: [{ rule: "rollback", by: "d3" }],
        recoveredBy: "d3",
        recoveredAt: "2025-01-06T09:00:00Z",
        recoverySeconds: 24 * HOUR,
        open: false,
        ageSeconds: null,
      },
      {
        deployment: "d4",
        from: "2025-01-07T09:00:00Z",
        reasons: [{ rule: "result", state: "failed" }],
        recoveredBy: null,
        recoveredAt: null,
        recoverySeconds: null,
        open: true,
        ageSeconds: 3 * 86400,
      },
    ],
    notAvailable: [],
  };
}
