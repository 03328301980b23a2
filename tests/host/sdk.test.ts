/**
 * initExtension against the handshakes real hosts have sent: no webContext (SDK 4.2's
 * getWebContext() then throws), `webContext: {}`, and a full one.
 */
const PAGE_PROJECT = { id: "00000000-0000-4000-8000-0000000000aa", name: "From page data" };
const CONTEXT_PROJECT = { id: "00000000-0000-4000-8000-0000000000bb", name: "From webContext" };

const host = {
  webContext: undefined as Record<string, unknown> | undefined,
  pageProject: PAGE_PROJECT as { id: string; name: string } | undefined,
  servicesAsked: [] as string[],
};

jest.mock("azure-devops-extension-sdk", () => ({
  init: async () => undefined,
  ready: async () => undefined,
  // As SDK 4.2.0: a handshake without webContext leaves it undefined, and the getter throws.
  getWebContext: () => {
    if (!host.webContext) {
      throw new Error("Attempted to call getWebContext() before init() was complete.");
    }
    return host.webContext;
  },
  getContributionId: () => "release-trace.release-trace.release-trace-hub",
  getExtensionContext: () => ({ id: "release-trace.release-trace" }),
  getService: async (id: string) => {
    host.servicesAsked.push(id);
    if (id === "ms.vss-tfs-web.tfs-page-data-service") {
      return { getProject: async () => host.pageProject };
    }
    if (id === "ms.vss-features.location-service") {
      return { getResourceAreaLocation: async () => "https://dev.azure.com/fabrikam/" };
    }
    throw new Error(`no service ${id}`);
  },
}));

import { initExtension } from "../../src/host/sdk";

beforeEach(() => {
  host.servicesAsked = [];
  host.pageProject = PAGE_PROJECT;
});

test("a handshake without webContext reads the project from the project page service", async () => {
  host.webContext = undefined;
  const context = await initExtension();
  expect(context.project).toEqual(PAGE_PROJECT);
  expect(host.servicesAsked).toContain("ms.vss-tfs-web.tfs-page-data-service");
  expect(context.orgUrl).toBe("https://dev.azure.com/fabrikam");
});

test("an empty webContext reads the project from the project page service", async () => {
  host.webContext = {};
  expect((await initExtension()).project).toEqual(PAGE_PROJECT);
});

test("a webContext with the project is used as it is, without asking the page service", async () => {
  host.webContext = { project: CONTEXT_PROJECT };
  expect((await initExtension()).project).toEqual(CONTEXT_PROJECT);
  expect(host.servicesAsked).not.toContain("ms.vss-tfs-web.tfs-page-data-service");
});

test("neither a webContext nor a page project is an error that says so", async () => {
  host.webContext = {};
  host.pageProject = undefined;
  await expect(initExtension()).rejects.toThrow("did not say which project");
});
