import { MAX_ID, parseItemId } from "../../../src/core/vocabulary";

describe("parseItemId", () => {
  it("reads a positive whole number, with or without # and spaces", () => {
    expect(parseItemId("42")).toBe(42);
    expect(parseItemId(" #42 ")).toBe(42);
    expect(parseItemId(String(MAX_ID))).toBe(2_147_483_647);
  });

  it("refuses what the service could not hold", () => {
    for (const text of ["", "0", "-3", "4.5", "1e3", "abc", "2147483648", "99999999999999999999"])
      expect(parseItemId(text)).toBeUndefined();
  });
});
