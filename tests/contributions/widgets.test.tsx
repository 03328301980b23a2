import { fireEvent, screen } from "@testing-library/react";
import { SourceError } from "../../src/core/sources";
import { PolicyTypeIds } from "../../src/core/model";
import {
  createFakeSources,
  pipeline,
  policyConfiguration,
  releaseDefinition,
  repository,
} from "../fakes/sources";
import { chooseOption } from "../ui/choose";
import { adapters, fakeOrg } from "./adaptersMock";
import {
  flush,
  hostState,
  locationService,
  registered,
  registeredObject,
  sdk,
  settle,
  extensionData,
  extensionDataService,
} from "./sdkMock";

jest.mock("azure-devops-extension-sdk", () => jest.requireActual("./sdkMock").sdk);
jest.mock("../../src/adapters/ado", () => jest.requireActual("./adaptersMock").adapters);

interface Widget {
  preload(settings: unknown): Promise<unknown>;
  load(settings: unknown): Promise<unknown>;
  reload(settings: unknown): Promise<unknown>;
}
interface WidgetConfiguration {
  load(settings: unknown, context: { notify: jest.Mock }): Promise<unknown>;
  onSave(): Promise<unknown>;
}

const settings = (data?: string, rowSpan = 1, columnSpan = 2) => ({
  name: "My widget",
  size: { rowSpan, columnSpan },
  customSettings: data === undefined ? undefined : { data },
});

/** The areas the last configuration page asked its sources for (createAdoSourcesFor). */
function readAreas(): string[] {
  const calls = adapters.createAdoSourcesFor.mock.calls;
  return Object.keys(calls[calls.length - 1][1]).sort();
}

/** Loads an entry once (module cache), as the host loads its page once, and lets it connect. */
async function start(entry: string, contributionId: string): Promise<void> {
  document.body.innerHTML = '<div id="root"></div>';
  hostState.contributionId = contributionId;
  hostState.services = { "ms.vss-features.location-service": locationService };
  await import(`../../src/contributions/${entry}`);
  await flush();
}

const pendingApproval = {
  id: "a1",
  status: "pending" as const,
  createdOn: new Date(Date.now() - 2 * 3_600_000),
  executionOrder: "anyOrder" as const,
  minRequiredApprovers: 1,
  steps: [],
  pipeline: { id: 1, name: "web-ci", runId: 77 },
};

describe("gate status widget entry", () => {
  beforeAll(() => start("gate-widget", "release-trace.release-trace.gate-status-widget"));

  it("registers under the short and the full id; unconfigured, it counts the project's approvals", async () => {
    fakeOrg.current = createFakeSources({ approvals: [pendingApproval] }).sources;
    expect(registered.has("gate-status-widget")).toBe(true);
    expect(registered.has("release-trace.release-trace.gate-status-widget")).toBe(true);
    expect(sdk.notifyLoadSucceeded).toHaveBeenCalled();

    const widget = registeredObject<Widget>("gate-status-widget");
    expect((await settle(() => widget.preload(settings()))).value).toEqual({ statusType: 0 });
    expect((await settle(() => widget.load(settings(undefined, 2, 3)))).value).toEqual({
      statusType: 0,
    });
    expect(screen.getByLabelText("Pending approvals").textContent).toBe("1");
    expect(screen.getByText("My widget")).toBeTruthy();
    expect(screen.getByText(/Oldest waits 2 h/)).toBeTruthy();
  });

  it("reloads with a pipeline and shows its newest run's stages", async () => {
    fakeOrg.current = createFakeSources({
      pipelines: [pipeline({ id: 1, name: "web-ci" })],
      runs: [
        {
          id: 77,
          number: "20250101.1",
          pipeline: { id: 1, name: "web-ci" },
          status: "completed",
          result: "succeeded",
          sourceBranch: "refs/heads/main",
          sourceVersion: "abc",
          uri: "vstfs:///Build/Build/77",
        },
      ],
      timelines: [
        {
          runId: 77,
          records: [
            {
              id: "s1",
              type: "Stage",
              name: "Deploy",
              identifier: "Deploy",
              order: 1,
              state: "completed",
              result: "succeeded",
            },
          ],
        },
      ],
    }).sources;
    const widget = registeredObject<Widget>("gate-status-widget");
    const target = { target: { kind: "yaml", id: 1, name: "web-ci" }, refreshMinutes: 5 };
    expect((await settle(() => widget.reload(settings(JSON.stringify(target))))).value).toEqual({
      statusType: 0,
    });
    expect(screen.getByLabelText("Deploy: Succeeded")).toBeTruthy();
    expect(screen.getByLabelText("Latest run").textContent).toBe("web-ci · 20250101.1");
  });

  it("fails the load with the reason when the data cannot be read", async () => {
    const fake = createFakeSources({});
    fake.fail(
      "checks.listApprovals",
      new SourceError("permission", "Not allowed", { status: 403 }),
    );
    fakeOrg.current = fake.sources;
    const widget = registeredObject<Widget>("gate-status-widget");
    const outcome = await settle(() => widget.load(settings()));
    expect(outcome.rejected).toBe(true);
    expect(outcome.error).toEqual(
      expect.objectContaining({
        isUserVisible: true,
        message: "Could not load the widget data: Azure DevOps did not answer (no permission).",
      }),
    );
    expect(screen.getByRole("alert").textContent).toContain("(no permission)");
  });
});

describe("gate status widget configuration entry", () => {
  it("saves the all-pipelines view, notifies each change for the preview and saves", async () => {
    fakeOrg.current = createFakeSources({
      pipelines: [pipeline({ id: 1, name: "web-ci" })],
      releaseDefinitions: [releaseDefinition({ id: 5, name: "web-release" })],
    }).sources;
    await start("gate-widget-config", "release-trace.release-trace.gate-status-widget-config");
    const configuration = registeredObject<WidgetConfiguration>("gate-status-widget-config");
    const context = { notify: jest.fn(async () => ({})) };
    expect((await settle(() => configuration.load(settings(), context))).value).toEqual({
      statusType: 0,
    });
    await screen.findByRole("button", { name: "Pipeline" });
    // The default view, every pipeline's pending approvals, is a choice that saves.
    expect((await settle(() => configuration.onSave())).value).toEqual({
      isValid: true,
      customSettings: { data: "{}" },
    });

    await chooseOption("Pipeline", "web-release");
    const chosen = JSON.stringify({ target: { kind: "classic", id: 5, name: "web-release" } });
    expect(context.notify).toHaveBeenLastCalledWith("ms.vss-dashboards-web.configurationChange", {
      data: { data: chosen },
    });
    fireEvent.change(screen.getByLabelText("Refresh every (minutes)"), {
      target: { value: "0" },
    });
    await flush();
    expect((await settle(() => configuration.onSave())).error).toEqual({
      isValid: false,
      message: expect.stringMatching(/never more often than once a minute/),
    });
    fireEvent.change(screen.getByLabelText("Refresh every (minutes)"), {
      target: { value: "10" },
    });
    await flush();
    const expected = JSON.stringify({
      target: { kind: "classic", id: 5, name: "web-release" },
      refreshMinutes: 10,
    });
    expect(context.notify).toHaveBeenLastCalledWith("ms.vss-dashboards-web.configurationChange", {
      data: { data: expected },
    });
    expect((await settle(() => configuration.onSave())).value).toEqual({
      isValid: true,
      customSettings: { data: expected },
    });
    // The page reads pipelines, release definitions and runs' stages: no other REST client.
    expect(readAreas()).toEqual(["build", "checks", "release"]);
  });
});

describe("compliance widget entries", () => {
  it("loads the score, the trend and the gaps, and leaves the stored history to the hub and scans", async () => {
    fakeOrg.current = createFakeSources({
      repositories: [repository({ id: "r1", name: "web" }), repository({ id: "r2", name: "api" })],
      policyConfigurations: [
        policyConfiguration({
          id: 1,
          typeId: PolicyTypeIds.minimumReviewers,
          settings: { minimumApproverCount: 2 },
          scopes: [{ repositoryId: "r1", refName: "refs/heads/main", matchKind: "Exact" }],
        }),
      ],
    }).sources;
    await start("compliance-widget", "release-trace.release-trace.compliance-score-widget");
    hostState.services["ms.vss-features.extension-data-service"] = extensionDataService;
    const widget = registeredObject<Widget>("compliance-score-widget");
    expect((await settle(() => widget.load(settings(undefined, 2, 2)))).value).toEqual({
      statusType: 0,
    });
    expect(screen.getByLabelText("Compliance score").textContent).toMatch(/^\d+(\.\d)?%$/);
    expect(screen.getByText(/2 repositories in total/)).toBeTruthy();
    // No stored history yet, so no chart: at 2×2 the gap list takes its room (six lines: five
    // rules and a count of the rest).
    expect(screen.getByLabelText("Top gaps by points lost").querySelectorAll("li")).toHaveLength(5);
    expect(screen.getByText(/^and \d+ more failing rules?$/)).toBeTruthy();
    const history = [...extensionData.entries()].filter(([key]) =>
      key.startsWith("Default|compliance-history-"),
    );
    // Widgets never write it: several on one dashboard would race for the document.
    expect(history).toHaveLength(0);
  });

  it("fails the load with the field path of a broken baseline file", async () => {
    fakeOrg.current = createFakeSources({
      repositories: [repository({ id: "r1", name: "infra" })],
      files: { r1: { "/compliance/baseline.json": '{"rules": {"branch.nope": {}}}' } },
    }).sources;
    const widget = registeredObject<Widget>("compliance-score-widget");
    const data = JSON.stringify({
      baseline: {
        kind: "repository",
        repositoryId: "r1",
        repositoryName: "infra",
        path: "/compliance/baseline.json",
      },
    });
    const outcome = await settle(() => widget.load(settings(data)));
    expect(outcome.rejected).toBe(true);
    expect(screen.getByRole("alert").textContent).toContain("rules.branch.nope");
  });

  it("configuration lists repositories, checks the chosen baseline and saves the choice", async () => {
    fakeOrg.current = createFakeSources({
      repositories: [
        repository({ id: "r1", name: "infra" }),
        repository({ id: "r2", name: "web" }),
      ],
      files: {
        r1: {
          "/compliance/baseline.json": '{"name": "Team", "rules": {"branch.min-reviewers": {}}}',
        },
      },
    }).sources;
    await start(
      "compliance-widget-config",
      "release-trace.release-trace.compliance-score-widget-config",
    );
    const configuration = registeredObject<WidgetConfiguration>("compliance-score-widget-config");
    const context = { notify: jest.fn(async () => ({})) };
    await settle(() => configuration.load(settings(), context));
    expect((await screen.findByLabelText("Baseline check")).textContent).toContain(
      "Release Trace default",
    );
    await chooseOption("Baseline", "A file in a repository of the project");
    await flush();
    await screen.findByRole("button", { name: "Repository" });
    await chooseOption("Repository", "infra");
    const path = screen.getByLabelText("Path (.yml, .yaml or .json)");
    fireEvent.change(path, { target: { value: "/compliance/baseline.json" } });
    fireEvent.blur(path);
    await flush();
    expect((await screen.findByLabelText("Baseline check")).textContent).toBe(
      "Team: 1 rule on default",
    );
    const expected = JSON.stringify({
      baseline: {
        kind: "repository",
        repositoryId: "r1",
        repositoryName: "infra",
        path: "/compliance/baseline.json",
      },
    });
    expect(context.notify).toHaveBeenLastCalledWith("ms.vss-dashboards-web.configurationChange", {
      data: { data: expected },
    });
    expect((await settle(() => configuration.onSave())).value).toEqual({
      isValid: true,
      customSettings: { data: expected },
    });
    expect(readAreas()).toEqual(["git"]);
  });
});
