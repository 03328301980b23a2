/**
 * The extension data read the CLI uses for the project's production pattern: the shared `$settings`
 * document the hub writes, read from the emulator's ExtensionManagement route.
 */
import { startEmulator, type RunningEmulator } from "../../../dev/emulator";
import { createAdoSources, extensionDataRootFor, patAuth } from "../../../src/adapters/ado";
import { isSourceError } from "../../../src/core/sources";
import { loadProductionPattern, productionSettingKey } from "../../../src/core/vocabulary";

const REF = { publisher: "release-trace", extension: "release-trace" };
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    seed: 1,
    size: "small",
    extensionData: { [productionSettingKey("p-1")]: { patterns: ["prod*", "live"] } },
  });
});

afterAll(() => emulator.close());

function reader(token = "pat") {
  const ado = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth(token) });
  return { ado, data: ado.extensionData(REF) };
}

describe("extension data", () => {
  it("reads a stored value, and undefined for a key nothing was stored under", async () => {
    const { ado, data } = reader();
    expect(await data.getSetting(productionSettingKey("p-1"))).toEqual({
      patterns: ["prod*", "live"],
    });
    expect(await data.getSetting(productionSettingKey("other"))).toBeUndefined();
    expect(ado.calls().total).toBe(2);
  });

  it("loads the project's production pattern from it, the flag first", async () => {
    const { data } = reader();
    const read = (key: string) => data.getSetting(key);
    expect(await loadProductionPattern(undefined, "p-1", read)).toEqual({
      pattern: { patterns: ["prod*", "live"], source: "setting" },
    });
    expect(await loadProductionPattern(["x"], "p-1", read)).toEqual({
      pattern: { patterns: ["x"], source: "flag" },
    });
    expect((await loadProductionPattern(undefined, "none", read)).pattern.source).toBe("default");
  });

  it("a rejected token is a source error, which the load turns into the default and a sentence", async () => {
    const { data } = reader("invalid-token");
    const error = await data.getSetting(productionSettingKey("p-1")).catch((e: unknown) => e);
    expect(isSourceError(error) && error.kind).toBe("auth");
    const loaded = await loadProductionPattern(undefined, "p-1", (key) => data.getSetting(key));
    expect(loaded.pattern.source).toBe("default");
    expect(loaded.problem).toBe(
      "Azure DevOps did not answer for the production pattern setting (the sign-in was not accepted). Using the default production pattern.",
    );
  });

  it("a damaged stored value gives the default and says why", async () => {
    const loaded = await loadProductionPattern(undefined, "p", () =>
      Promise.resolve({ patterns: "prod*" }),
    );
    expect(loaded.pattern.source).toBe("default");
    expect(loaded.problem).toMatch(/not a list of patterns/);
  });

  it("a bug in the reader is thrown, not reported as missing data", async () => {
    await expect(
      loadProductionPattern(undefined, "p", () => Promise.reject(new TypeError("bug"))),
    ).rejects.toThrow("bug");
  });
});

describe("extensionDataRootFor", () => {
  it.each([
    ["https://dev.azure.com/fabrikam", "https://extmgmt.dev.azure.com/fabrikam"],
    ["https://fabrikam.visualstudio.com", "https://fabrikam.extmgmt.visualstudio.com"],
    ["http://127.0.0.1:8080/fabrikam/", "http://127.0.0.1:8080/fabrikam"],
  ])("%s → %s", (org, root) => {
    expect(extensionDataRootFor(org)).toBe(root);
  });
});
