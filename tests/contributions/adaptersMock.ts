/*
 * The adapters' entry, answered by an in-memory fake. Install with
 *   jest.mock("../../src/adapters/ado", () => jest.requireActual("./adaptersMock").adapters);
 * and set `fakeOrg.current` before the entry reads data.
 */
import type { Sources } from "../../src/core/sources";

function createMock() {
  const fakeOrg: { current?: Sources } = {};
  const adapters = {
    createAdoSources: jest.fn(
      (_options: { orgUrl: string; releaseUrl?: string; auth: unknown }) => {
        // Every read goes to the fake current at that moment, so tests can swap organisations
        // between loads of an entry that connected once.
        const sources = new Proxy({} as Sources, {
          get: (_target, area: string) => {
            if (!fakeOrg.current) throw new Error("set fakeOrg.current first");
            return fakeOrg.current[area as keyof Sources];
          },
        });
        return { sources, calls: () => ({}), resetCalls: () => undefined };
      },
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
