import { act } from "@testing-library/react";
/*
 * A stand-in for azure-devops-extension-sdk (AMD, so it cannot load in jest). Tests install it with
 *   jest.mock("azure-devops-extension-sdk", () => jest.requireActual("./sdkMock").sdk);
 * and then fire what the host would: the registered objects' onLoaded / load / onSave.
 * Some entries are loaded in jest.isolateModules (a fresh module registry each), so the state lives on
 * globalThis: the test and the entry must see the same mock whichever registry loaded it.
 */
function createMock() {
  const registered = new Map<string, unknown>();

  const hostState = {
    contributionId: "release-trace.release-trace.unknown",
    project: { id: "00000000-0000-4000-8000-000000000001", name: "Demo" } as
      { id: string; name: string } | undefined,
    services: {} as Record<string, unknown>,
  };

  const sdk = {
    init: jest.fn(async (_options?: { loaded?: boolean; applyTheme?: boolean }) => undefined),
    ready: jest.fn(async () => undefined),
    notifyLoadSucceeded: jest.fn(async () => undefined),
    notifyLoadFailed: jest.fn(async (_error: unknown) => undefined),
    getContributionId: () => hostState.contributionId,
    getExtensionContext: () => ({
      id: "release-trace.release-trace",
      publisherId: "release-trace",
      extensionId: "release-trace",
      version: "0.1.0",
    }),
    getHost: () => ({
      id: "host",
      name: "fabrikam",
      serviceVersion: "test",
      type: 4,
      isHosted: true,
    }),
    getWebContext: () => ({ project: hostState.project, team: { id: "t", name: "Demo Team" } }),
    getService: jest.fn(async (id: string) => {
      if (!(id in hostState.services)) throw new Error(`no service ${id}`);
      return hostState.services[id];
    }),
    getAccessToken: jest.fn(async () => "test-token"),
    register: jest.fn((id: string, instance: unknown) => registered.set(id, instance)),
    resize: jest.fn(),
  };

  const locationService = {
    getResourceAreaLocation: jest.fn(async (areaId: string) =>
      areaId === "efc2f575-36ef-48e9-b672-0c6fb4a48ac5"
        ? "https://vsrm.dev.azure.com/fabrikam/"
        : "https://dev.azure.com/fabrikam/",
    ),
    getServiceLocation: jest.fn(async () => "https://dev.azure.com/fabrikam/"),
  };

  const location = { hash: "" };
  const navigationService = {
    navigate: jest.fn(),
    getQueryParams: jest.fn(async () => ({})),
    /** The host page's hash, as getHash answers it. */
    location,
    getHash: jest.fn(async (): Promise<string> => location.hash),
    setHash: jest.fn((hash: string): void => {
      location.hash = hash;
    }),
    onHashChanged: jest.fn((_listener: (hash: string) => void) => undefined),
  };

  /** Extension data as the host keeps it: values by scope and key. */
  const extensionData = new Map<string, unknown>();
  const etags = new Map<string, number>();
  type ScopeOptions = { scopeType?: string };
  type Doc = { id: string; value: unknown; __etag?: number };
  const extensionDataService = {
    getExtensionDataManager: jest.fn(async (_extensionId: string, _token: string) => ({
      // No getValue or getDocument: probing a document that may not exist is a logged 404 in the
      // browser, so settings are read by listing the collection.
      queryCollections: jest.fn(
        async (collections: Array<{ collectionName: string; scopeType?: string }>) =>
          collections.map((collection) => {
            const prefix = `${collection.scopeType ?? "Default"}|`;
            const documents = [...extensionData]
              .filter(
                ([key]) => collection.collectionName === "$settings" && key.startsWith(prefix),
              )
              .map(([key, value]) => ({
                id: key.slice(prefix.length),
                __etag: etags.get(key) ?? 1,
                value,
              }));
            return { ...collection, documents };
          }),
      ),
      setValue: jest.fn(async (key: string, value: unknown, options?: { scopeType?: string }) => {
        const slot = `${options?.scopeType ?? "Default"}|${key}`;
        extensionData.set(slot, value);
        etags.set(slot, (etags.get(slot) ?? 0) + 1);
        return value;
      }),
      // `$settings` documents with the service's __etag rules (404, 409 on a stale version).
      createDocument: jest.fn(async (_collection: string, doc: Doc, options?: ScopeOptions) => {
        const slot = `${options?.scopeType ?? "Default"}|${doc.id}`;
        if (extensionData.has(slot)) throw Object.assign(new Error("exists"), { status: 409 });
        extensionData.set(slot, doc.value);
        etags.set(slot, 1);
        return { ...doc, __etag: 1 };
      }),
      updateDocument: jest.fn(async (_collection: string, doc: Doc, options?: ScopeOptions) => {
        const slot = `${options?.scopeType ?? "Default"}|${doc.id}`;
        if (!extensionData.has(slot))
          throw Object.assign(new Error("no document"), { status: 404 });
        const current = etags.get(slot) ?? 1;
        if (doc.__etag !== -1 && doc.__etag !== current) {
          throw Object.assign(new Error("stale"), { status: 409 });
        }
        extensionData.set(slot, doc.value);
        etags.set(slot, current + 1);
        return { ...doc, __etag: current + 1 };
      }),
    })),
  };
  return {
    registered,
    hostState,
    sdk,
    locationService,
    navigationService,
    extensionData,
    extensionDataService,
  };
}

type Mock = ReturnType<typeof createMock>;
const holder = globalThis as typeof globalThis & { releaseTraceSdkMock?: Mock };
const mock = (holder.releaseTraceSdkMock ??= createMock());

export const {
  registered,
  hostState,
  sdk,
  locationService,
  navigationService,
  extensionData,
  extensionDataService,
} = mock;

/** The object registered under `id`, resolving factories the way the SDK's registry does. */
export function registeredObject<T>(id: string): T {
  const entry = registered.get(id);
  if (entry === undefined) throw new Error(`nothing registered as ${id}`);
  return (typeof entry === "function" ? (entry as () => T)() : entry) as T;
}

/** Lets pending promise callbacks run, inside act so React applies their updates. */
export async function flush(times = 5): Promise<void> {
  await act(async () => {
    for (let index = 0; index < times; index += 1) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  });
}

/** Runs a host call (widget load, onSave...) inside act and returns how it settled. */
export async function settle<T>(
  call: () => Promise<T>,
): Promise<{ value?: T; error?: unknown; rejected: boolean }> {
  let outcome: { value?: T; error?: unknown; rejected: boolean } = { rejected: false };
  await act(async () => {
    try {
      outcome = { value: await call(), rejected: false };
    } catch (error) {
      outcome = { error, rejected: true };
    }
  });
  return outcome;
}
