/**
 * The browser's client loaders (import() of a chunk) and Node's (loaded at once) give the same
 * classes, so an adapter reads the same way on either side.
 */
import * as browser from "../../src/adapters/ado/lazyApiClients.browser";
import * as node from "../../src/adapters/ado/lazyApiClients";

describe("lazy api clients", () => {
  it("export the same loaders in the browser and in Node", () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
  });

  it.each(Object.keys(node) as (keyof typeof node)[])("%s gives the same class", async (name) => {
    const [fromBrowser, fromNode] = await Promise.all([browser[name](), node[name]()]);
    expect(typeof fromNode).toBe("function");
    expect(fromBrowser).toBe(fromNode);
  });
});
