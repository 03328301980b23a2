/**
 * Reading a setting lists the settings collection: probing a document that may not exist is a
 * 404, which the browser logs as an error although "nothing stored yet" is an ordinary answer.
 */
const stored = {
  documents: [
    { id: "productionPattern", __etag: 2, value: "^prod" },
    { id: "baseline", __etag: 1, value: { id: "b1" } },
  ] as unknown[] | null,
  queried: [] as unknown[],
};

jest.mock("azure-devops-extension-sdk", () => ({
  getAccessToken: async () => "token",
  getExtensionContext: () => ({ id: "publisher.release-trace" }),
  getService: async () => ({
    getExtensionDataManager: async () => ({
      getValue: async () => {
        throw new Error("a document was probed: a 404 when it does not exist");
      },
      queryCollections: async (collections: Array<{ collectionName: string }>) => {
        stored.queried.push(...collections);
        return collections.map((collection) => ({ ...collection, documents: stored.documents }));
      },
    }),
  }),
}));

import { getExtensionValue, listCollections, storedValue } from "../../src/host/extensionData";

describe("getExtensionValue", () => {
  beforeEach(() => {
    stored.queried = [];
  });

  it("finds the key in the listed settings collection of the scope asked for", async () => {
    await expect(getExtensionValue("baseline")).resolves.toEqual({ id: "b1" });
    await expect(getExtensionValue("productionPattern", "User")).resolves.toBe("^prod");
    expect(stored.queried).toEqual([
      { collectionName: "$settings", scopeType: "Default", scopeValue: "Current", documents: [] },
      { collectionName: "$settings", scopeType: "User", scopeValue: "me", documents: [] },
    ]);
  });

  it("answers undefined when the key, or the whole collection, was never stored", async () => {
    await expect(getExtensionValue("other")).resolves.toBeUndefined();
    stored.documents = null;
    await expect(getExtensionValue("baseline")).resolves.toBeUndefined();
    expect(storedValue([null, 3, "baseline"], "baseline")).toBeUndefined();
  });
});

describe("listCollections", () => {
  beforeEach(() => {
    stored.queried = [];
    stored.documents = [{ id: "index", __etag: 1, value: 1 }];
  });

  it("lists several shared collections in one query and answers each by name", async () => {
    const listed = await listCollections(["$settings", "deployment-index-p1"]);
    expect(stored.queried).toEqual([
      { collectionName: "$settings", scopeType: "Default", scopeValue: "Current", documents: [] },
      {
        collectionName: "deployment-index-p1",
        scopeType: "Default",
        scopeValue: "Current",
        documents: [],
      },
    ]);
    expect(listed.get("deployment-index-p1")).toEqual(stored.documents);
    expect(listed.get("$settings")).toEqual(stored.documents);
  });
});
