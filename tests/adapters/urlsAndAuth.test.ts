import { startEmulator } from "../../dev/emulator";
import {
  bearerAuth,
  createAdoSources,
  parseOrgUrl,
  patAuth,
  releaseRootFor,
} from "../../src/adapters/ado";
import { clientRoot, oneSegmentRoutes, pathNameProblem } from "../../src/adapters/ado/urls";

describe("parseOrgUrl", () => {
  it.each([
    ["https://dev.azure.com/fabrikam", "https://dev.azure.com/fabrikam", "fabrikam"],
    ["https://dev.azure.com/fabrikam/", "https://dev.azure.com/fabrikam", "fabrikam"],
    [
      "  https://dev.azure.com/fabrikam/Project/_git/repo ",
      "https://dev.azure.com/fabrikam",
      "fabrikam",
    ],
    ["fabrikam", "https://dev.azure.com/fabrikam", "fabrikam"],
    ["https://fabrikam.visualstudio.com/", "https://fabrikam.visualstudio.com", "fabrikam"],
    [
      "https://fabrikam.visualstudio.com/DefaultCollection/Proj",
      "https://fabrikam.visualstudio.com/DefaultCollection",
      "fabrikam",
    ],
    ["http://127.0.0.1:8080/fabrikam/", "http://127.0.0.1:8080/fabrikam", "fabrikam"],
    ["http://[::1]:8080/org", "http://[::1]:8080/org", "org"],
    ["http://[0:0:0:0:0:0:0:1]:8080/org/", "http://[::1]:8080/org", "org"],
    ["https://[2001:db8::7]/tfs/Coll", "https://[2001:db8::7]/tfs/Coll", "Coll"],
    [
      "https://tfs.contoso.com/tfs/DefaultCollection",
      "https://tfs.contoso.com/tfs/DefaultCollection",
      "DefaultCollection",
    ],
  ])("%s", (input, orgUrl, organization) => {
    expect(parseOrgUrl(input)).toEqual({ orgUrl, organization });
  });

  it.each([
    ["", /empty/],
    ["not a url/with spaces", /not a valid URL/],
    ["ftp://dev.azure.com/fabrikam", /https:\/\//],
    ["https://dev.azure.com/", /no organization name/],
    ["http://dev.azure.com/fabrikam", /must use https/],
    ["http://127.0.0.1:8080/", /no collection or organization path/],
  ])("rejects %j", (input, message) => {
    expect(() => parseOrgUrl(input)).toThrow(message);
  });

  it("does not echo credentials from the URL", () => {
    expect(() => parseOrgUrl("https://user:hunter2secret@dev.azure.com/fabrikam")).toThrow(
      /must not contain credentials/,
    );
    try {
      parseOrgUrl("https://user:hunter2secret@dev.azure.com/fabrikam");
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2secret");
    }
  });
});

describe("releaseRootFor", () => {
  it.each([
    ["https://dev.azure.com/fabrikam", "https://vsrm.dev.azure.com/fabrikam"],
    ["https://dev.azure.com/fabrikam/", "https://vsrm.dev.azure.com/fabrikam"],
    ["https://fabrikam.visualstudio.com", "https://fabrikam.vsrm.visualstudio.com"],
    [
      "https://tfs.contoso.com/tfs/DefaultCollection",
      "https://tfs.contoso.com/tfs/DefaultCollection",
    ],
    ["http://127.0.0.1:8080/fabrikam/", "http://127.0.0.1:8080/fabrikam"],
  ])("%s → %s", (orgUrl, expected) => {
    expect(releaseRootFor(orgUrl)).toBe(expected);
  });
});

describe("auth providers", () => {
  it("builds Basic auth from a PAT with an empty user name", async () => {
    const header = await patAuth("abc123").getAuthorizationHeader();
    expect(header).toBe("Basic " + Buffer.from(":abc123").toString("base64"));
    expect(() => patAuth("")).toThrow(/required/);
  });

  it("asks for a token each time for Bearer auth", async () => {
    const tokens = ["t1", "t2"];
    const auth = bearerAuth(async () => tokens.shift() ?? "");
    expect(await auth.getAuthorizationHeader()).toBe("Bearer t1");
    expect(await auth.getAuthorizationHeader(true)).toBe("Bearer t2");
    expect(await auth.getAuthorizationHeader()).toBe("");
  });
});

describe("names in URL paths", () => {
  it.each([
    ["Fabrikam", undefined],
    ["Web Shop", undefined],
    ["50% off?#&=", undefined],
    ["%2e%2e", undefined],
    [".", /never "\." or "\.\."/],
    ["..", /never "\." or "\.\."/],
    ["a/b", /never contain \/ or \\/],
    ["a\\b", /never contain \/ or \\/],
    ["x".repeat(257), /257 characters long/],
  ])("%s", (name, problem) => {
    const found = pathNameProblem(name);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  /** A client whose beginRequest records what the generated code would turn into a URL. */
  function recordingClient() {
    const seen: { routeTemplate: string; routeValues?: Record<string, unknown> }[] = [];
    const client = {
      beginRequest(params: { routeTemplate: string; routeValues?: Record<string, unknown> }) {
        seen.push(params);
        return Promise.resolve(params);
      },
    };
    return { client: oneSegmentRoutes(client), seen };
  }

  it("turns catch-all route parameters into single segments", async () => {
    const { client, seen } = recordingClient();
    await client.beginRequest({
      routeTemplate: "_apis/projects/{*projectId}",
      routeValues: { projectId: "Contoso?api-version=1.0&x=#" },
    });
    expect(seen[0].routeTemplate).toBe("_apis/projects/{projectId}");
  });

  it("refuses a route value that is a dot segment or holds a separator, before any request", async () => {
    const { client, seen } = recordingClient();
    for (const project of ["..", ".", "a/b", "a\\b"]) {
      await expect(
        client.beginRequest({ routeTemplate: "{project}/_apis/x", routeValues: { project } }),
      ).rejects.toMatchObject({ kind: "not-found" });
    }
    expect(seen).toEqual([]);
  });

  it("sends a project name with ? and # as one encoded segment", async () => {
    const urls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((url: string) => {
      urls.push(String(url));
      return Promise.resolve(new Response("{}", { status: 404 }));
    }) as typeof fetch;
    try {
      const ado = createAdoSources({
        orgUrl: "https://dev.azure.com/fabrikam",
        auth: patAuth("x-token"),
        retry: { maxRetries: 0 },
      });
      await ado.sources.core.getProject("Contoso?api-version=1.0&x=#").catch(() => undefined);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(urls).toEqual([
      "https://dev.azure.com/fabrikam/_apis/projects/Contoso%3Fapi-version%3D1.0%26x%3D%23",
    ]);
  });
});

describe("IPv6 organization URLs", () => {
  it("give the generated clients a root they can parse and restore the host", () => {
    const { root, restore } = clientRoot("http://[::1]:8080/fabrikam/");
    expect(root).not.toContain("[");
    expect(restore(`${root}_apis/projects/P?x=1`)).toBe(
      "http://[::1]:8080/fabrikam/_apis/projects/P?x=1",
    );
    expect(clientRoot("https://dev.azure.com/fabrikam/").root).toBe(
      "https://dev.azure.com/fabrikam/",
    );
  });

  it("reach the emulator listening on ::1", async () => {
    const emulator = await startEmulator({ port: 0, seed: 1, size: "small", host: "::1" });
    try {
      const port = /:(\d+)$/.exec(emulator.baseUrl)?.[1];
      const ado = createAdoSources({
        orgUrl: `http://[::1]:${port}/fabrikam`,
        auth: patAuth("ipv6-test"),
      });
      const project = await ado.sources.core.getProject(emulator.project.name);
      expect(project.name).toBe(emulator.project.name);
      // A call with query parameters, which the generated clients re-parse.
      expect((await ado.sources.git.listRepositories(project.id)).length).toBeGreaterThan(0);
      expect((await ado.sources.build.listPipelines(project.id)).length).toBeGreaterThan(0);
    } finally {
      await emulator.close();
    }
  });
});
