import {
  DEFAULT_PRODUCTION,
  isDefaultProductionName,
  isProductionName,
  parseProductionPatterns,
  productionPatternSentence,
  productionPatternText,
  resolveProductionPattern,
} from "../../../src/core/vocabulary";

describe("the default production rule", () => {
  // The table the issue pins: first or last word prod/production, not beginning with pre or non.
  const table: [string, boolean][] = [
    ["prod", true],
    ["Production", true],
    ["prod-us", true],
    ["eu-prod", true],
    ["prod_eu", true],
    ["preprod", false],
    ["pre-prod", false],
    ["non-prod", false],
    ["products-api", false],
    ["staging", false],
  ];
  it.each(table)("%s → %s", (name, expected) => {
    expect(isDefaultProductionName(name)).toBe(expected);
    expect(isProductionName(name)).toBe(expected);
    expect(isProductionName(name, DEFAULT_PRODUCTION)).toBe(expected);
  });

  it.each([
    ["PROD", true],
    ["app.prod", true],
    ["Prod EU West", true],
    ["web-app-release / Production", true],
    ["eu-prod-2", false],
    ["NonProd", false],
    ["Pre Production", false],
    ["productions", false],
    ["", false],
    ["  -_. ", false],
  ])("also: %j → %s", (name, expected) => {
    expect(isDefaultProductionName(name)).toBe(expected);
  });
});

describe("production patterns", () => {
  it("matches globs case-insensitively and keeps the default as an entry", () => {
    const pattern = { patterns: ["prod*", "live", "default"], source: "flag" as const };
    expect(isProductionName("Prod-EU", pattern)).toBe(true);
    expect(isProductionName("preprod", pattern)).toBe(false);
    expect(isProductionName("LIVE", pattern)).toBe(true);
    expect(isProductionName("eu-production", pattern)).toBe(true);
    expect(isProductionName("staging", pattern)).toBe(false);
  });

  it("a glob list without default does not fall back to it", () => {
    const pattern = { patterns: ["live"], source: "setting" as const };
    expect(isProductionName("prod", pattern)).toBe(false);
  });

  it("parses comma and newline lists and refuses empty entries", () => {
    expect(parseProductionPatterns(" prod* , live\ndefault ")).toEqual({
      ok: true,
      patterns: ["prod*", "live", "default"],
    });
    expect(parseProductionPatterns("  ").ok).toBe(false);
    expect(parseProductionPatterns("prod*,,live").ok).toBe(false);
    expect(parseProductionPatterns("x".repeat(201)).ok).toBe(false);
  });

  it("resolves flag over setting over default", () => {
    expect(resolveProductionPattern(["a*"], ["b*"])).toEqual({ patterns: ["a*"], source: "flag" });
    expect(resolveProductionPattern(undefined, ["b*"])).toEqual({
      patterns: ["b*"],
      source: "setting",
    });
    expect(resolveProductionPattern([], [])).toBe(DEFAULT_PRODUCTION);
    expect(resolveProductionPattern(undefined, undefined)).toBe(DEFAULT_PRODUCTION);
  });

  it("says in words which pattern it used", () => {
    expect(productionPatternSentence()).toBe(
      'Production: names whose first or last word "prod" or "production", not beginning with "pre" or "non" (default).',
    );
    expect(productionPatternSentence({ patterns: ["prod*", "live"], source: "setting" })).toBe(
      "Production: prod*, live (project setting).",
    );
    expect(productionPatternSentence({ patterns: ["live"], source: "flag" })).toBe(
      "Production: live (from --production).",
    );
    expect(productionPatternText({ patterns: ["default", "live"], source: "flag" })).toMatch(
      /^default \(first or last word .*\), live$/,
    );
  });
});
