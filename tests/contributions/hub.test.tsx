import { screen } from "@testing-library/react";
import { createFakeSources, repository } from "../fakes/sources";
import { fakeOrg, adapters } from "./adaptersMock";
import { flush, hostState, locationService, navigationService, sdk } from "./sdkMock";

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
  });

  it("shows why it could not start when the host gives no location service", async () => {
    hostState.services = {};
    // A second, fresh copy of the entry (the first test loaded and cached one).
    await jest.isolateModulesAsync(async () => {
      await import("../../src/contributions/hub");
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Release Trace could not start");
    expect(alert.textContent).toContain("no service ms.vss-features.location-service");
    await flush();
    expect(sdk.notifyLoadFailed).toHaveBeenCalled();
  });
});
