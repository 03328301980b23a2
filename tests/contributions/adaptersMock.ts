/*
 * The adapters' entry, answered by an in-memory fake. Install with
 *   jest.mock("../../src/adapters/ado", () => jest.requireActual("./adaptersMock").adapters);
 * and set `fakeOrg.current` before the entry reads data.
 */
import type { SourceAreas } from "../../src/adapters/ado";
import type { Sources } from "../../src/core/sources";

const areas = jest.requireActual<typeof import("../../src/adapters/ado/areas")>(
  "../../src/adapters/ado/areas",
);
/** The makers the entries name (the mock never calls them: it answers from the fake). */
const areaMakers = {
  coreArea: areas.coreArea,
  gitArea: areas.gitArea,
  policyArea: areas.policyArea,
  buildArea: areas.buildArea,
  environmentsArea: areas.environmentsArea,
  checksArea: areas.checksArea,
  releaseArea: areas.releaseArea,
  workItemsArea: areas.workItemsArea,
};

type Options = { orgUrl: string; releaseUrl?: string; auth: unknown };

function createMock() {
  const fakeOrg: { current?: Sources } = {};
  // Every read goes to the fake current at that moment, so tests can swap organisations
  // between loads of an entry that connected once. An area the entry did not ask for fails as
  // it does on the page (unreadArea).
  const connection = (read: (area: keyof Sources) => boolean) => {
    const sources = new Proxy({} as Sources, {
      get: (_target, area: string) => {
        if (!fakeOrg.current) throw new Error("set fakeOrg.current first");
        if (!read(area as keyof Sources)) return areas.unreadArea(area as keyof Sources);
        return fakeOrg.current[area as keyof Sources];
      },
    });
    return { sources, calls: () => ({}), resetCalls: () => undefined };
  };
  const adapters = {
    ...areaMakers,
    createAdoSources: jest.fn((_options: Options) => connection(() => true)),
    createAdoSourcesFor: jest.fn((_options: Options, chosen: SourceAreas) =>
      connection((area) => chosen[area] !== undefined),
    ),
    bearerAuth: jest.fn((getToken: () => Promise<string>) => ({
      getAuthorizationHeader: async () => `Bearer ${await getToken()}`,
    })),
  };
  return { fakeOrg, adapters };
}

// Shared across jest.isolateModules registries (see sdkMock.ts).
type Mock = ReturnType<typeof createMock>;
const holder = globalThis as typeof globalThis & { releaseTraceAdaptersMock?: Mock };
export const { fakeOrg, adapters } = (holder.releaseTraceAdaptersMock ??= createMock());
