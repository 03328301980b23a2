/**
 * The default demo organisation is what people see in screenshots and first runs: it carries no
 * markup-like text. Script-, link- and handler-looking strings belong to `--hostile` only.
 */
import { generateDemo } from "../../dev/emulator/demo/generate";
import { applyHostileText } from "../../dev/emulator/demo/hostile";

const MARKUP: { name: string; pattern: RegExp }[] = [
  { name: "tag", pattern: /<\s*\/?\s*[a-z!?][^>]*>/i },
  { name: "javascript: URL", pattern: /javascript\s*:/i },
  { name: "event handler", pattern: /\bon[a-z]+\s*=/i },
];

/** Every string in the demo (keys too), with where it was found. */
function strings(value: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof value === "string") out.push({ path, text: value });
  else if (Array.isArray(value))
    value.forEach((item, index) => strings(item, `${path}[${index}]`, out));
  else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      out.push({ path: `${path}{key}`, text: key });
      strings(item, `${path}.${key}`, out);
    }
  }
}

function markupIn(demo: unknown): string[] {
  const found: { path: string; text: string }[] = [];
  strings(demo, "demo", found);
  return found.flatMap(({ path, text }) =>
    MARKUP.filter(({ pattern }) => pattern.test(text)).map(({ name }) => `${path}: ${name}`),
  );
}

describe("default demo text", () => {
  it.each([
    [42, "small"],
    [7, "small"],
    [3, "large"],
  ] as const)(
    "seed %i (%s) carries no markup-like strings",
    (seed, size) => {
      expect(markupIn(generateDemo({ seed, size, org: "fabrikam" }))).toEqual([]);
    },
    60_000,
  );

  it("the hostile demo does, in the fields it is meant to", () => {
    const demo = generateDemo({ seed: 42, size: "small", org: "fabrikam" });
    applyHostileText(demo);
    const found = markupIn(demo).join("\n");
    for (const field of ["title", "comment", "instructions", "name", "sourceRefName"]) {
      expect(found).toContain(`.${field}:`);
    }
    expect(found).toContain("tag");
    expect(found).toContain("javascript: URL");
    expect(found).toContain("event handler");
  });
});
