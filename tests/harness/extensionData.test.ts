import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ExtensionDataStore,
  splitCollectionQuery,
  type ExtensionDataRequest,
} from "../../dev/harness/extensionData";

/** The real data manager sends one collection query for several collections, each in its scope. */
describe("the harness's collection query", () => {
  const store = new ExtensionDataStore(join(mkdtempSync(join(tmpdir(), "rt-")), "data.json"), "u1");
  store.handle({ op: "createDocument", collectionName: "index-p1", doc: { id: "index", n: 1 } });
  store.handle({
    op: "createDocument",
    collectionName: "$settings",
    scopeType: "User",
    doc: { id: "k" },
  });

  it("answers each collection in its own scope, in the order asked", () => {
    const query: ExtensionDataRequest = {
      op: "queryCollections",
      collections: [
        { collectionName: "$settings", scopeType: "Default", scopeValue: "Current" },
        { collectionName: "index-p1", scopeType: "Default", scopeValue: "Current" },
        { collectionName: "$settings", scopeType: "User", scopeValue: "me" },
      ],
    };
    const answers = splitCollectionQuery(query).flatMap(
      (one) => store.handle(one) as { collectionName: string; documents: { id: string }[] }[],
    );
    expect(
      answers.map((answer) => [answer.collectionName, answer.documents.map((d) => d.id)]),
    ).toEqual([
      ["$settings", []],
      ["index-p1", ["index"]],
      ["$settings", ["k"]],
    ]);
  });

  it("refuses a query without collections or with a nameless one, as the service does", () => {
    expect(() => splitCollectionQuery({ op: "queryCollections" })).toThrow(
      "collections is required",
    );
    expect(() =>
      splitCollectionQuery({ op: "queryCollections", collections: [{ scopeType: "Default" }] }),
    ).toThrow("collectionName is required");
  });
});
