import { fireEvent, screen } from "@testing-library/react";
import { createFakeSources, repository } from "../fakes/sources";
import { fakeOrg, adapters } from "./adaptersMock";
import {
  extensionData,
  extensionDataService,
  flush,
  hostState,
  locationService,
  navigationService,
  sdk,
} from "./sdkMock";

jest.mock("azure-devops-extension-sdk", () => jest.requireActual("./sdkMock").sdk);
jest.mock("../../src/adapters/ado", () => jest.requireActual("./adaptersMock").adapters);

beforeEach(() => {
  document.body.innerHTML = '<div id="root"></div>';
});

describe("hub entry", () => {
  it("initialises the SDK, reads the host context and renders live repositories", async () => {
    hostState.contributionId = "release-trace.release-trace.release-trace-hub";
    hostState.services = {
      "ms.vss-features.location-service": locationService,
      "ms.vss-features.host-navigation-service": navigationService,
    };
    fakeOrg.current = createFakeSources({ repositories: [repository({ name: "web" })] }).sources;

    await import("../../src/contributions/hub");
    expect(await screen.findByText("web")).toBeTruthy();
    await flush();

    expect(sdk.init).toHaveBeenCalledWith({ loaded: false, applyTheme: true });
    expect(locationService.getResourceAreaLocation).toHaveBeenCalledWith(
      "4e080c62-fa21-4fbc-8fef-2a10a2b38049",
    );
    expect(adapters.createAdoSources).toHaveBeenCalledWith(
      expect.objectContaining({
        orgUrl: "https://dev.azure.com/fabrikam",
        releaseUrl: "https://vsrm.dev.azure.com/fabrikam",
      }),
    );
    // the auth handed to the adapters asks the SDK for the token
    const { auth } = adapters.createAdoSources.mock.calls[0][0] as {
      auth: { getAuthorizationHeader(): Promise<string> };
    };
    expect(await auth.getAuthorizationHeader()).toBe("Bearer test-token");
    expect(sdk.notifyLoadSucceeded).toHaveBeenCalled();
    expect(screen.getByText("web").closest("a")?.getAttribute("href")).toBe(
      "https://dev.azure.com/fabrikam/Demo/_git/web",
    );
    // The tab choice goes to the host's URL hash, and the hub follows the hash back.
    fireEvent.click(screen.getByRole("tab", { name: "Compliance" }));
    await flush();
    expect(navigationService.setHash).toHaveBeenCalledWith("compliance");
    expect(await screen.findByLabelText("Project score", {}, { timeout: 3000 })).toBeTruthy();
  });

  it("opens the tab the hash names and stores the scan history in extension data", async () => {
    hostState.services = {
      "ms.vss-features.location-service": locationService,
      "ms.vss-features.host-navigation-service": navigationService,
      "ms.vss-features.extension-data-service": extensionDataService,
    };
    navigationService.location.hash = "compliance";
    fakeOrg.current = createFakeSources({ repositories: [repository({ name: "web" })] }).sources;
    // The Compliance tab is loaded on demand: wait inside the isolated registry, so its module
    // resolves React from the same registry as the entry that rendered it.
    await jest.isolateModulesAsync(async () => {
      await import("../../src/contributions/hub");
      expect(await screen.findByLabelText("Project score", {}, { timeout: 3000 })).toBeTruthy();
    });
    await flush();
    const stored = [...extensionData.entries()].find(([key]) =>
      key.startsWith("Default|compliance-history-"),
    );
    expect(stored?.[1]).toEqual([expect.objectContaining({ baseline: "Release Trace default" })]);
    navigationService.location.hash = "";
  });

  it("shows why it could not start when the host gives no location service", async () => {
    hostState.services = {};
    // A second, fresh copy of the entry (the first test loaded and cached one).
    await jest.isolateModulesAsync(async () => {
      await import("../../src/contributions/hub");
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Release Trace could not start");
    fireEvent.click(screen.getByRole("button", { name: "Details" }));
    expect(alert.textContent).toContain("no service ms.vss-features.location-service");
    await flush();
    expect(sdk.notifyLoadFailed).toHaveBeenCalled();
  });
});
