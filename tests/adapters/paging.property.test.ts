import fc from "fast-check";
import {
  collectByContinuationToken,
  collectByIdContinuation,
  collectByTopSkip,
  collectWiqlIds,
  type TokenPage,
} from "../../src/adapters/ado/paging";
import { isSourceError } from "../../src/core/sources";

/*
 * The paging helpers (contracts §1.6) against simulated services: whatever the page sizes and
 * tokens, every item comes back exactly once and in the service's order; a token that comes
 * back a second time stops the listing with a `malformed` SourceError instead of looping.
 */

const RUNS = { numRuns: 150 };

/** Pages of distinct items, and a distinct opaque token in front of every page but the first. */
const tokenPaged = fc
  .array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 8 })
  .chain((sizes) =>
    fc.tuple(
      fc.constant(sizes),
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), {
        minLength: sizes.length - 1,
        maxLength: sizes.length - 1,
      }),
    ),
  )
  .map(([sizes, tokens]) => {
    let next = 0;
    const pages = sizes.map((size) => Array.from({ length: size }, () => next++));
    return { pages, tokens };
  });

/** A service answering page i to the token in front of it; unknown tokens fail the test. */
function tokenService(pages: number[][], tokens: string[]) {
  const calls: Array<string | undefined> = [];
  const fetchPage = async (token: string | undefined): Promise<TokenPage<number>> => {
    calls.push(token);
    const index = token === undefined ? 0 : tokens.indexOf(token) + 1;
    if (index === 0 && token !== undefined) throw new Error(`unknown token ${token}`);
    return { items: pages[index], continuationToken: tokens[index] };
  };
  return { fetchPage, calls };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the listing to fail");
}

describe("header continuation (property)", () => {
  it("collects every item once, in order, asking for each token once", async () => {
    await fc.assert(
      fc.asyncProperty(tokenPaged, async ({ pages, tokens }) => {
        const service = tokenService(pages, tokens);
        const result = await collectByContinuationToken(service.fetchPage, "things");
        expect(result).toEqual({ items: pages.flat(), truncated: false });
        expect(service.calls).toEqual([undefined, ...tokens]);
      }),
      RUNS,
    );
  });

  it("with a limit, returns the first items and says whether more existed", async () => {
    await fc.assert(
      fc.asyncProperty(
        tokenPaged,
        fc.integer({ min: 1, max: 40 }),
        async ({ pages, tokens }, limit) => {
          const all = pages.flat();
          const result = await collectByContinuationToken(
            tokenService(pages, tokens).fetchPage,
            "things",
            limit,
          );
          expect(result.items).toEqual(all.slice(0, limit));
          // Never claims completeness when something was left out.
          if (all.length > limit) expect(result.truncated).toBe(true);
          if (all.length <= limit && result.truncated) {
            // Only allowed when the service still offered a next page at the cut.
            expect(result.items).toHaveLength(limit);
          }
        },
      ),
      RUNS,
    );
  });

  it("stops with a malformed error when a token repeats, without duplicating items", async () => {
    const repeating = tokenPaged
      .filter(({ tokens }) => tokens.length > 0)
      .chain(({ pages, tokens }) =>
        fc.tuple(fc.constant(pages), fc.constant(tokens), fc.nat({ max: tokens.length - 1 })),
      );
    await fc.assert(
      fc.asyncProperty(repeating, async ([pages, tokens, repeatOf]) => {
        // The last page points back at an earlier token instead of ending the listing.
        const looping = [...tokens, tokens[repeatOf]];
        const pagesSeen: number[] = [];
        const fetchPage = async (token: string | undefined): Promise<TokenPage<number>> => {
          const index = token === undefined ? 0 : looping.indexOf(token) + 1;
          pagesSeen.push(index);
          if (pagesSeen.length > pages.length + 1) throw new Error("kept paging past the repeat");
          return { items: pages[index], continuationToken: looping[index] };
        };
        const error = await rejection(collectByContinuationToken(fetchPage, "runs of web"));
        expect(isSourceError(error) && error.kind).toBe("malformed");
        expect((error as Error).message).toContain(`"${tokens[repeatOf]}" twice`);
        expect(pagesSeen).toHaveLength(pages.length);
      }),
      RUNS,
    );
  });
});

describe("$top/$skip (property)", () => {
  it("collects every item once, in order, for any total and page size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 60 }),
        fc.integer({ min: 1, max: 12 }),
        async (total, size) => {
          const data = Array.from({ length: total }, (_, index) => index);
          const items = await collectByTopSkip(
            async (top, skip) => data.slice(skip, skip + top),
            size,
            "commits",
            (item) => item,
          );
          expect(items).toEqual(data);
        },
      ),
      RUNS,
    );
  });

  it("notices a service that ignores $skip instead of looping", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), async (size) => {
        const error = await rejection(
          collectByTopSkip(
            async (top) => Array.from({ length: top }, (_, index) => index),
            size,
            "commits",
            (item) => item,
          ),
        );
        expect(isSourceError(error) && error.kind).toBe("malformed");
      }),
      { numRuns: 20 },
    );
  });
});

describe("integer continuation (property)", () => {
  /** Releases newest first: the service answers ids at or below (or strictly below) the token. */
  const releases = fc
    .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 40 })
    .map((ids) => ids.sort((left, right) => right - left));

  it("collects every item once, newest first, whether the token is inclusive or not and with or without the header", async () => {
    await fc.assert(
      fc.asyncProperty(
        releases,
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        async (ids, pageSize, inclusive, sendsHeader, cutShortBy) => {
          const fetchPage = async (token: number | undefined, top: number) => {
            const from = ids.filter(
              (id) => token === undefined || (inclusive ? id <= token : id < token),
            );
            // With the header a service may cut pages short: the header still says "more".
            const served = sendsHeader ? Math.max(1, top - cutShortBy) : top;
            const page = from.slice(0, served);
            const rest = from.slice(served);
            if (!sendsHeader) return page;
            const header =
              rest.length > 0 ? String(inclusive ? rest[0] : page[page.length - 1]) : undefined;
            return { items: page, continuationToken: header };
          };
          const result = await collectByIdContinuation(fetchPage, (id) => id, "releases", {
            pageSize,
          });
          expect(result).toEqual({ items: ids, truncated: false });
        },
      ),
      RUNS,
    );
  });

  it("with a limit, returns the newest items and says whether more existed", async () => {
    await fc.assert(
      fc.asyncProperty(releases, fc.integer({ min: 1, max: 50 }), async (ids, limit) => {
        const pageSize = Math.min(limit, 10);
        const result = await collectByIdContinuation(
          async (token, top) => ids.filter((id) => token === undefined || id < token).slice(0, top),
          (id) => id,
          "releases",
          { pageSize, limit },
        );
        expect(result.items).toEqual(ids.slice(0, limit));
        if (ids.length > limit) expect(result.truncated).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("WIQL past the cap (property)", () => {
  it("collects every id once, ascending, for any page size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 15 }),
        async (unsorted, pageSize) => {
          const ids = [...unsorted].sort((left, right) => left - right);
          const queries: string[] = [];
          const result = await collectWiqlIds(
            async (wiql, top) => {
              queries.push(wiql);
              const above = Number(/\[System\.Id\] > (\d+)/.exec(wiql)?.[1]);
              return ids.filter((id) => id > above).slice(0, top);
            },
            "[System.TeamProject] = @project",
            "work items",
            pageSize,
          );
          expect(result).toEqual(ids);
          expect(queries).toHaveLength(Math.floor(ids.length / pageSize) + 1);
        },
      ),
      RUNS,
    );
  });
});

describe("paging: counterexamples found by the properties", () => {
  it("gets past an inclusive integer token without a header when asked for pages of one", async () => {
    const ids = [2, 1];
    const result = await collectByIdContinuation(
      async (token, top) => ids.filter((id) => token === undefined || id <= token).slice(0, top),
      (id) => id,
      "releases",
      { pageSize: 1 },
    );
    expect(result).toEqual({ items: [2, 1], truncated: false });
  });
});
