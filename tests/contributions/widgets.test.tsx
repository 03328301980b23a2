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
import { adapters, fakeOrg } from "./adaptersMock";
import {
  flush,
  hostState,
  locationService,
  registered,
  registeredObject,
  sdk,
  settle,
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

  it("registers under the short and the full id and loads a live count", async () => {
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

    // reload with a pipeline that has nothing pending
    const target = { target: { kind: "yaml", id: 2, name: "other" } };
    expect((await settle(() => widget.reload(settings(JSON.stringify(target))))).value).toEqual({
      statusType: 0,
    });
    expect(screen.getByLabelText("Pending approvals").textContent).toBe("0");
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
        message: expect.stringContaining(
          "Could not load the widget data: You do not have permission",
        ),
      }),
    );
    expect(screen.getByRole("alert").textContent).toContain("(permission)");
  });
});

describe("gate status widget configuration entry", () => {
  it("lists live pipelines, notifies each change for the preview and saves it", async () => {
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

    fireEvent.change(await screen.findByLabelText("Pipeline"), { target: { value: "classic:5" } });
    const expected = JSON.stringify({ target: { kind: "classic", id: 5, name: "web-release" } });
    expect(context.notify).toHaveBeenCalledWith("ms.vss-dashboards-web.configurationChange", {
      data: { data: expected },
    });
    expect((await settle(() => configuration.onSave())).value).toEqual({
      isValid: true,
      customSettings: { data: expected },
    });
  });
});

describe("compliance widget entries", () => {
  it("loads real counts", async () => {
    fakeOrg.current = createFakeSources({
      repositories: [repository({ id: "r1", name: "web" }), repository({ id: "r2", name: "api" })],
      policyConfigurations: [
        policyConfiguration({
          id: 1,
          typeId: PolicyTypeIds.minimumReviewers,
          scopes: [{ repositoryId: "r1", refName: "refs/heads/main", matchKind: "Exact" }],
        }),
      ],
    }).sources;
    await start("compliance-widget", "release-trace.release-trace.compliance-score-widget");
    const widget = registeredObject<Widget>("compliance-score-widget");
    expect((await settle(() => widget.load(settings()))).value).toEqual({ statusType: 0 });
    expect(screen.getByLabelText("Covered repositories").textContent).toBe("1/2");
  });

  it("configuration reads no data and saves the built-in baseline", async () => {
    adapters.createAdoSources.mockClear();
    await start(
      "compliance-widget-config",
      "release-trace.release-trace.compliance-score-widget-config",
    );
    const configuration = registeredObject<WidgetConfiguration>("compliance-score-widget-config");
    const context = { notify: jest.fn(async () => ({})) };
    await settle(() => configuration.load(settings(), context));
    expect(screen.getByText(/only baseline available/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Baseline"), { target: { value: "built-in-default" } });
    expect((await settle(() => configuration.onSave())).value).toEqual({
      isValid: true,
      customSettings: { data: JSON.stringify({ baselineId: "built-in-default" }) },
    });
    expect(adapters.createAdoSources).not.toHaveBeenCalled();
  });
});
