import { bearerAuth, parseOrgUrl, patAuth, releaseRootFor } from "../../src/adapters/ado";

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
