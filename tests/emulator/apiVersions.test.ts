/**
 * The emulator's strict api-version mode (on by default) and its Azure DevOps Server 2022
 * profile: versions checked per route against the product's table, from the query or the Accept
 * header, answered with the service's own 400 bodies; Server routes under a collection URL.
 */
import type { RunningEmulator } from "../../dev/emulator";
import { EMULATOR_ROUTES } from "../../dev/emulator/server";
import { routeForPath } from "../../src/adapters/ado/apiVersions";
import { call, PAT_HEADER, withEmulator } from "./helpers";

const CHECKS = "Fabrikam/_apis/pipelines/checks/configurations?resourceType=environment";

interface ErrorBody {
  message: string;
  typeKey: string;
  typeName: string;
  $id: string;
  errorCode: number;
}

describe("strict api-versions (Services)", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await withEmulator({ server: "services" });
  });
  afterAll(() => emulator.close());

  it("answers a malformed version with 400 and the service's error body", async () => {
    const response = await call(emulator, `${CHECKS}&api-version=bogus`);
    expect(response.status).toBe(400);
    const body = response.json as ErrorBody;
    expect(body.typeKey).toBe("VssInvalidApiResourceVersionException");
    expect(body.typeName).toBe(
      "Microsoft.VisualStudio.Services.WebApi.VssInvalidApiResourceVersionException, Microsoft.VisualStudio.Services.WebApi",
    );
    expect(body.message).toBe(
      'Invalid api version string: "bogus". Api version string must be in the format: {Major}.{Minor}[-preview[.{ResourceVersion}]].',
    );
    expect(body).toMatchObject({ $id: "1", errorCode: 0 });
  });

  it("answers a version above the server's with VssVersionOutOfRangeException", async () => {
    const response = await call(emulator, "Fabrikam/_apis/git/repositories?api-version=7.3");
    expect(response.status).toBe(400);
    const body = response.json as ErrorBody;
    expect(body.typeKey).toBe("VssVersionOutOfRangeException");
    expect(body.message).toBe(
      "The requested REST API version of 7.3 is out of range for this server. The latest REST API version this server supports is 7.2.",
    );
  });

  it("answers a plain version of a preview route with VssInvalidPreviewVersionException", async () => {
    const response = await call(emulator, `${CHECKS}&api-version=7.1`);
    expect(response.status).toBe(400);
    const body = response.json as ErrorBody;
    expect(body.typeKey).toBe("VssInvalidPreviewVersionException");
    expect(body.message).toBe(
      'The requested version "7.1" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "7.1-preview"',
    );
    expect((await call(emulator, `${CHECKS}&api-version=7.1-preview.1`)).status).toBe(200);
  });

  it("answers a version below the route's minimum as out of range for the route", async () => {
    const response = await call(emulator, `${CHECKS}&api-version=5.0-preview.1`);
    expect(response.status).toBe(400);
    expect((response.json as ErrorBody).typeKey).toBe("VssVersionOutOfRangeException");
    expect((response.json as ErrorBody).message).toMatch(
      /^The request matched route pipelines\.checks\.configurations, but the requested REST API version 5\.0-preview\.1 was outside the valid version range for this route\.$/,
    );
  });

  it("reads the version from the Accept header too", async () => {
    const refused = await call(emulator, CHECKS, { accept: "application/json;api-version=7.1" });
    expect(refused.status).toBe(400);
    expect((refused.json as ErrorBody).typeKey).toBe("VssInvalidPreviewVersionException");
    const served = await call(emulator, CHECKS, {
      accept: "application/json; api-version=7.1-preview.1",
    });
    expect(served.status).toBe(200);
  });

  it("serves a GET with no version, and a resource version above the route's", async () => {
    expect((await call(emulator, "Fabrikam/_apis/git/repositories")).status).toBe(200);
    const builds = await call(emulator, "Fabrikam/_apis/build/builds?$top=1", {
      accept: "application/json;api-version=7.2-preview.8",
    });
    expect(builds.status).toBe(200);
  });

  it("says it is Services in connectionData and serves 7.2 in location data", async () => {
    const data = await call(emulator, "_apis/connectionData?api-version=7.0-preview.1");
    expect((data.json as { deploymentType: string }).deploymentType).toBe("hosted");
    const response = await fetch(`${emulator.orgUrl}/_apis/policy`, {
      method: "OPTIONS",
      headers: { Authorization: PAT_HEADER },
    });
    const locations = (await response.json()) as { value: { maxVersion: string }[] };
    expect(locations.value.length).toBeGreaterThan(0);
    expect(locations.value.every((location) => location.maxVersion === "7.2")).toBe(true);
  });

  it("has a table row for every route it serves", () => {
    const missing = EMULATOR_ROUTES.filter((route) => !routeForPath(route.pattern.split("/")));
    expect(missing.map((route) => route.pattern)).toEqual([]);
  });
});

describe("lenient api-versions (for manual poking only)", () => {
  it("serves any version when strict mode is off", async () => {
    const emulator = await withEmulator({ server: "services", strictApiVersions: false });
    try {
      expect((await call(emulator, `${CHECKS}&api-version=bogus`)).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });
});

describe("the Azure DevOps Server 2022 profile", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await withEmulator({ server: "server-2022" });
  });
  afterAll(() => emulator.close());

  it("serves a collection URL, with Classic release on the same host", async () => {
    expect(emulator.server).toBe("server-2022");
    expect(emulator.orgUrl).toBe(`${emulator.baseUrl}/tfs/DefaultCollection`);
    const releases = await call(emulator, "Fabrikam/_apis/release/releases?api-version=7.0");
    expect(releases.status).toBe(200);
    const notThere = await call(emulator, `${emulator.baseUrl}/fabrikam/_apis/projects`);
    expect(notThere.status).toBe(404);
  });

  it("refuses anything above 7.0, naming 7.0 as its latest version", async () => {
    const response = await call(emulator, "Fabrikam/_apis/git/repositories", {
      accept: "application/json;api-version=7.2-preview.2",
    });
    expect(response.status).toBe(400);
    expect((response.json as ErrorBody).message).toBe(
      "The requested REST API version of 7.2 is out of range for this server. The latest REST API version this server supports is 7.0.",
    );
    const released = await call(emulator, "Fabrikam/_apis/git/repositories?api-version=7.0");
    expect(released.status).toBe(200);
  });

  it("wants -preview where the route is still preview at 7.0", async () => {
    const plain = await call(emulator, "Fabrikam/_apis/pipelines/approvals?api-version=7.0");
    expect((plain.json as ErrorBody).typeKey).toBe("VssInvalidPreviewVersionException");
    const preview = await call(
      emulator,
      "Fabrikam/_apis/pipelines/approvals?api-version=7.0-preview.1",
    );
    expect(preview.status).toBe(200);
  });

  it("says it is on premises in connectionData and answers 7.0 location data", async () => {
    const data = await call(emulator, "_apis/connectionData?api-version=7.0-preview.1");
    expect((data.json as { deploymentType: string }).deploymentType).toBe("onPremises");
    const response = await fetch(`${emulator.orgUrl}/_apis/git`, {
      method: "OPTIONS",
      headers: { Authorization: PAT_HEADER },
    });
    const locations = (await response.json()) as {
      value: { maxVersion: string; releasedVersion: string }[];
    };
    expect(locations.value.length).toBeGreaterThan(0);
    expect(locations.value.every((location) => location.maxVersion === "7.0")).toBe(true);
    expect(locations.value.every((location) => location.releasedVersion === "7.0")).toBe(true);
  });
});
