import { chunk, runInBatches } from "../../src/adapters/ado/batching";
import {
  collectByContinuationToken,
  collectByIdContinuation,
  collectByTopSkip,
  collectWiqlIds,
  itemsOf,
  reachesIdNewestFirst,
} from "../../src/adapters/ado/paging";
import { SourceError } from "../../src/core/sources";

describe("itemsOf", () => {
  it("accepts bare arrays and the {count,value} envelope, rejects anything else", () => {
    expect(itemsOf([1, 2], "x")).toEqual([1, 2]);
    expect(itemsOf({ count: 1, value: [3] }, "x")).toEqual([3]);
    // null (or an empty body) is a broken answer, never an empty list.
    expect(() => itemsOf(null, "x")).toThrow(/x: expected a list but got null/);
    expect(() => itemsOf(undefined, "x")).toThrow(/expected a list/);
    expect(() => itemsOf({}, "x")).toThrow(/expected a list/);
    expect(() => itemsOf({ id: 1 }, "things")).toThrow(/things: expected a list/);
  });
});

describe("header continuation", () => {
  it("stops at the caller's limit and says more existed", async () => {
    const pages: Record<string, { items: number[]; continuationToken?: string }> = {
      "": { items: [1, 2, 3], continuationToken: "a" },
      a: { items: [4, 5, 6], continuationToken: "b" },
      b: { items: [7] },
    };
    const calls: Array<string | undefined> = [];
    const result = await collectByContinuationToken(
      async (token) => {
        calls.push(token);
        return pages[token ?? ""];
      },
      "runs",
      5,
    );
    expect(result).toEqual({ items: [1, 2, 3, 4, 5], truncated: true });
    expect(calls).toEqual([undefined, "a"]);
    const all = await collectByContinuationToken(async (token) => pages[token ?? ""], "runs");
    expect(all).toEqual({ items: [1, 2, 3, 4, 5, 6, 7], truncated: false });
  });
});

describe("$top/$skip", () => {
  it("reads until a short page", async () => {
    const data = Array.from({ length: 25 }, (_, index) => index);
    const skips: number[] = [];
    const items = await collectByTopSkip(
      async (top, skip) => {
        skips.push(skip);
        return data.slice(skip, skip + top);
      },
      10,
      "prs",
    );
    expect(items).toEqual(data);
    expect(skips).toEqual([0, 10, 20]);
  });

  it("notices a service that ignores $skip", async () => {
    await expect(
      collectByTopSkip(
        async () => [1, 2],
        2,
        "prs",
        (n) => n,
      ),
    ).rejects.toThrow(/ignored \$skip/);
  });
});

describe("integer continuation (releases)", () => {
  // Newest first; the token is inclusive here, so pages overlap by one release.
  const ids = Array.from({ length: 23 }, (_, index) => 100 - index);
  const page = async (token: number | undefined, top: number) =>
    ids
      .filter((id) => token === undefined || id <= token)
      .slice(0, top)
      .map((id) => ({ id }));

  it("pages by the last id and drops the overlap", async () => {
    const result = await collectByIdContinuation(page, (item) => item.id, "releases", {
      pageSize: 10,
    });
    expect(result.items.map((item) => item.id)).toEqual(ids);
    expect(result.truncated).toBe(false);
  });

  it("newest first down to an id: stops after the page that reaches it", async () => {
    const tokens: (number | undefined)[] = [];
    const result = await collectByIdContinuation(
      async (token, top) => {
        tokens.push(token);
        return page(token, top);
      },
      (item) => item.id,
      "releases",
      { pageSize: 10, downToId: 88 },
    );
    expect(tokens).toHaveLength(2);
    expect(result.items.map((item) => item.id)).toEqual(ids.slice(0, 19));
    expect(result.truncated).toBe(false);
  });

  it("honours a limit", async () => {
    const result = await collectByIdContinuation(page, (item) => item.id, "releases", {
      pageSize: 10,
      limit: 12,
    });
    expect(result.items).toHaveLength(12);
    expect(result.truncated).toBe(true);
  });
});

describe("WIQL", () => {
  it("rejects ids that do not ascend instead of looping", async () => {
    const error = await collectWiqlIds(async () => [5, 3], "x", "ids", 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).kind).toBe("malformed");
  });
});

describe("batching", () => {
  it("chunks 450 ids into 200, 200, 50 and keeps order", async () => {
    expect(
      chunk(
        Array.from({ length: 450 }, (_, i) => i),
        200,
      ).map((c) => c.length),
    ).toEqual([200, 200, 50]);
    const result = await runInBatches([1, 2, 3, 4, 5], 2, async (batch) =>
      batch.map((n) => n * 10),
    );
    expect(result).toEqual([10, 20, 30, 40, 50]);
    expect(() => chunk([1], 0)).toThrow(/positive integer/);
  });
});

describe("reachesIdNewestFirst", () => {
  it("stops a newest-first read at the page that holds the id or a lower one", () => {
    expect(reachesIdNewestFirst([120, 110, 100], 105)).toBe(true);
    expect(reachesIdNewestFirst([120, 110, 106], 105)).toBe(false);
  });

  it("never stops on a page in another order: the read goes on to the end", () => {
    expect(reachesIdNewestFirst([90, 100, 110], 105)).toBe(false);
    expect(reachesIdNewestFirst([120, 90, 110], 105)).toBe(false);
  });
});
