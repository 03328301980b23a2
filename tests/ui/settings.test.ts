import {
  parseComplianceSettings,
  serializeComplianceSettings,
  gateSettingsProblem,
  parseGateSettings,
  serializeGateSettings,
} from "../../src/ui/settings";
import { createWebLinks } from "../../src/ui/links";
import { formatAge } from "../../src/ui/format";

describe("gate widget settings", () => {
  it("round-trips a target", () => {
    const target = { kind: "classic" as const, id: 5, name: "web-release" };
    expect(parseGateSettings(serializeGateSettings({ target }))).toEqual({ settings: { target } });
  });
  it.each([
    [undefined, undefined],
    // A widget just added to a dashboard has `customSettings.data === null`.
    [null, undefined],
    ["", undefined],
    ["{}", undefined],
    ["not json", "The saved settings could not be read."],
    ["[1]", "The saved settings could not be read."],
    ['{"target":{"kind":"yaml","id":"7"}}', "The saved pipeline selection could not be read."],
    ['{"target":{"kind":"other","id":7}}', "The saved pipeline selection could not be read."],
  ])("%p → defaults (problem %p)", (data, problem) => {
    expect(parseGateSettings(data)).toEqual(problem ? { settings: {}, problem } : { settings: {} });
  });
  it("round-trips stages and the refresh interval", () => {
    const settings = {
      target: { kind: "yaml" as const, id: 10, name: "web" },
      stages: ["Deploy_Prod"],
      refreshMinutes: 2,
    };
    expect(parseGateSettings(serializeGateSettings(settings))).toEqual({ settings });
    expect(gateSettingsProblem(settings)).toBeUndefined();
  });
  it.each([
    [
      '{"refreshMinutes":0}',
      "The saved refresh interval is not valid; refreshing every 5 minutes.",
    ],
    [
      '{"refreshMinutes":1.5}',
      "The saved refresh interval is not valid; refreshing every 5 minutes.",
    ],
    ['{"stages":"Prod"}', "The saved stage selection could not be read; showing every stage."],
  ])("%p → problem %p", (data, problem) => {
    expect(parseGateSettings(data)).toEqual({ settings: {}, problem });
  });
  it("cannot be saved without a target or with an interval under a minute", () => {
    // No target: the all-pipelines view, which can be saved.
    expect(gateSettingsProblem({})).toBeUndefined();
    expect(
      gateSettingsProblem({ target: { kind: "yaml", id: 1, name: "x" }, refreshMinutes: 0.5 }),
    ).toMatch(/never more often than once a minute/);
  });
});

describe("compliance widget settings", () => {
  const fromRepository = {
    kind: "repository",
    repositoryId: "r1",
    repositoryName: "infra",
    path: "/compliance/baseline.yml",
  };

  it("falls back to the built-in baseline and says why", () => {
    expect(parseComplianceSettings('{"baselineId":"strict"}').problem).toMatch(/unknown/);
    expect(parseComplianceSettings('{"baseline":{"kind":"repository"}}')).toEqual({
      settings: { baseline: { kind: "built-in" } },
      problem: "The saved baseline choice could not be read; using the built-in baseline.",
    });
    expect(parseComplianceSettings(null)).toEqual({ settings: { baseline: { kind: "built-in" } } });
    expect(parseComplianceSettings(undefined)).toEqual({
      settings: { baseline: { kind: "built-in" } },
    });
    // What the first version saved.
    expect(parseComplianceSettings('{"baselineId":"built-in-default"}')).toEqual({
      settings: { baseline: { kind: "built-in" } },
    });
  });

  it("round-trips a repository file choice", () => {
    const data = serializeComplianceSettings({
      baseline: fromRepository as Parameters<typeof serializeComplianceSettings>[0]["baseline"],
    });
    expect(parseComplianceSettings(data)).toEqual({ settings: { baseline: fromRepository } });
  });
});

describe("web links", () => {
  const links = createWebLinks("https://dev.azure.com/fabrikam/", "My Project");
  it("encodes every segment", () => {
    expect(links.repository("a/b c")).toBe(
      "https://dev.azure.com/fabrikam/My%20Project/_git/a%2Fb%20c",
    );
    expect(links.branch("web", "refs/heads/feature/x&y")).toBe(
      "https://dev.azure.com/fabrikam/My%20Project/_git/web?version=GBfeature%2Fx%26y",
    );
    expect(links.workItem(12)).toBe(
      "https://dev.azure.com/fabrikam/My%20Project/_workitems/edit/12",
    );
    expect(links.forProject("Other").build(3)).toBe(
      "https://dev.azure.com/fabrikam/Other/_build/results?buildId=3",
    );
  });
});

describe("formatAge", () => {
  const now = new Date("2024-01-10T00:00:00Z");
  it.each([
    ["2024-01-09T23:30:00Z", "30 min"],
    ["2024-01-09T19:00:00Z", "5 h"],
    ["2024-01-08T01:00:00Z", "47 h"],
    ["2024-01-07T00:00:00Z", "3 d"],
    ["2024-01-11T00:00:00Z", "0 min"],
  ])("%s → %s", (since, expected) => {
    expect(formatAge(new Date(since), now)).toBe(expected);
  });
});
