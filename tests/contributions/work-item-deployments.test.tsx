import { act, screen } from "@testing-library/react";
import { createFakeSources, defaultProject, repository, workItem } from "../fakes/sources";
import { fakeOrg } from "./adaptersMock";
import { flush, hostState, locationService, registeredObject, sdk } from "./sdkMock";

jest.mock("azure-devops-extension-sdk", () => jest.requireActual("./sdkMock").sdk);
jest.mock("../../src/adapters/ado", () => jest.requireActual("./adaptersMock").adapters);

const contributionId = "release-trace.release-trace.work-item-deployments";
const sha = "4800cfa0be564b1e606d6811e99e0380f765a9c4";
const otherSha = "93d0a4c1e2b34f5a6b7c8d9e0f1a2b3c4d5e6f70";

interface FormEvents {
  onLoaded(args: { id: number; isNew: boolean; isReadOnly: boolean }): void;
  onSaved(args: { id: number }): void;
  onRefreshed(args: { id: number }): void;
  onUnloaded(args: { id: number }): void;
}

function commitLink(commitId: string) {
  return {
    rel: "ArtifactLink",
    url: `vstfs:///Git/Commit/${defaultProject.id}%2Frepo-web%2F${commitId}`,
    name: "Fixed in Commit",
    artifact: {
      kind: "commit" as const,
      projectId: defaultProject.id,
      repositoryId: "repo-web",
      commitId,
    },
  };
}

const formService = { getId: jest.fn(async (): Promise<number> => 12) };

/** Extension data with no documents stored, recording each collection query (one request each). */
const queries: string[][] = [];
const extensionData = {
  getExtensionDataManager: async () => ({
    queryCollections: async (collections: Array<{ collectionName: string }>) => {
      queries.push(collections.map((collection) => collection.collectionName));
      return collections.map((collection) => ({ ...collection, documents: [] }));
    },
  }),
};

describe("work item form group entry", () => {
  it("registers under its contribution id and lists the open work item's links on load", async () => {
    document.body.innerHTML = '<div id="root"></div>';
    hostState.contributionId = contributionId;
    hostState.services = {
      "ms.vss-features.location-service": locationService,
      "ms.vss-work-web.work-item-form": formService,
      "ms.vss-features.extension-data-service": extensionData,
    };
    const fake = createFakeSources({
      repositories: [repository({ id: "repo-web", name: "web" })],
      workItems: [
        workItem({ id: 12, relations: [commitLink(sha)] }),
        workItem({ id: 13, relations: [commitLink(otherSha)] }),
      ],
    });
    fakeOrg.current = fake.sources;

    await import("../../src/contributions/work-item-deployments");
    await flush();
    expect(sdk.register).toHaveBeenCalledWith(contributionId, expect.any(Function));
    expect(sdk.notifyLoadSucceeded).toHaveBeenCalled();

    const events = registeredObject<FormEvents>(contributionId);
    await act(async () => events.onLoaded({ id: 12, isNew: false, isReadOnly: false }));
    expect(await screen.findByText(sha.slice(0, 8))).toBeTruthy();
    expect(formService.getId).toHaveBeenCalled();
    await flush();
    expect(sdk.resize).toHaveBeenCalled();

    // The group asks for its content's height (the body is as tall as the frame).
    expect(sdk.resize).toHaveBeenCalledWith(undefined, expect.any(Number));

    // A save or a refresh reads the work item again; the session keeps environments and releases.
    const readsBefore = fake.callCount("workItems.getWorkItems");
    await act(async () => events.onSaved({ id: 12 }));
    await flush();
    expect(await screen.findByText(sha.slice(0, 8))).toBeTruthy();
    expect(fake.callCount("workItems.getWorkItems")).toBeGreaterThan(readsBefore);
    await act(async () => events.onRefreshed({ id: 12 }));
    await flush();
    expect(fake.callCount("workItems.getWorkItems")).toBe(readsBefore + 2);
    expect(fake.callCount("environments.listEnvironments")).toBe(1);
    expect(fake.callCount("release.listReleases")).toBe(1);
    expect(fake.callCount("git.listRepositories")).toBe(1);
    // The settings and the project's deployment index: one extension data request for the frame.
    expect(queries).toEqual([["$settings", `deployment-index-${hostState.project?.id}`]]);
  });

  it("then shows a second work item loaded into the same frame, and nothing after an unload", async () => {
    const events = registeredObject<FormEvents>(contributionId);
    await act(async () => events.onUnloaded({ id: 12 }));
    await flush();
    expect(screen.queryByText(sha.slice(0, 8))).toBeNull();

    formService.getId.mockImplementation(async () => 13);
    await act(async () => events.onLoaded({ id: 13, isNew: false, isReadOnly: false }));
    expect(await screen.findByText(otherSha.slice(0, 8))).toBeTruthy();
    expect(screen.queryByText(sha.slice(0, 8))).toBeNull();

    // An unload while the form is still saying which item it shows: that answer is dropped.
    let answer: (id: number) => void = () => undefined;
    formService.getId.mockImplementation(
      () => new Promise<number>((resolve) => (answer = resolve)),
    );
    await act(async () => events.onRefreshed({ id: 13 }));
    await act(async () => events.onUnloaded({ id: 13 }));
    await act(async () => answer(13));
    await flush();
    expect(screen.queryByText(otherSha.slice(0, 8))).toBeNull();
  });
});
