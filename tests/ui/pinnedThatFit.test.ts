import { pinnedThatFit } from "../../src/ui/components/WindowedTable";

const columns = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `c${i}`, header: `c${i}`, width: 100 }));

describe("pinned columns of a windowed table", () => {
  test("pins as asked when they leave room to scroll the others", () => {
    expect(pinnedThatFit(columns(10), { fixed: 1, asked: 2 }, 1376)).toBe(2);
  });

  test("pins only the last ones that fit: a dozen production columns never cover the box", () => {
    // 1280 px box, less 120 px kept for the scrolling columns and the first column's 100 px:
    // ten columns of 100 px.
    expect(pinnedThatFit(columns(40), { fixed: 1, asked: 12 }, 1280)).toBe(10);
    expect(pinnedThatFit(columns(40), { fixed: 1, asked: 12 }, 300)).toBe(0);
  });

  test("before the box is measured, as asked", () => {
    expect(pinnedThatFit(columns(40), { fixed: 1, asked: 12 }, 0)).toBe(12);
  });
});
