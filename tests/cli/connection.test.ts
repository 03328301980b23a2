import { resolveToken } from "../../src/cli/connection";
import { redact, renderTable } from "../../src/cli/output";

describe("resolveToken", () => {
  const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

  it.each([
    [{}, undefined],
    [{ AZURE_DEVOPS_TOKEN: "  " }, undefined],
    [
      { AZURE_DEVOPS_TOKEN: "pat-1" },
      { token: "pat-1", variable: "AZURE_DEVOPS_TOKEN", scheme: "basic" },
    ],
    [
      { AZURE_DEVOPS_EXT_PAT: "pat-2", SYSTEM_ACCESSTOKEN: "job" },
      { token: "pat-2", variable: "AZURE_DEVOPS_EXT_PAT", scheme: "basic" },
    ],
    [
      { AZURE_DEVOPS_TOKEN: "pat-1", AZURE_DEVOPS_EXT_PAT: "pat-2" },
      { token: "pat-1", variable: "AZURE_DEVOPS_TOKEN", scheme: "basic" },
    ],
    [
      { SYSTEM_ACCESSTOKEN: "job" },
      { token: "job", variable: "SYSTEM_ACCESSTOKEN", scheme: "bearer" },
    ],
    [{ AZURE_DEVOPS_TOKEN: jwt }, { token: jwt, variable: "AZURE_DEVOPS_TOKEN", scheme: "bearer" }],
  ])("%j → %j", (env, expected) => {
    expect(resolveToken(env)).toEqual(expected);
  });
});

describe("output helpers", () => {
  it("redacts every occurrence of each secret of 4 characters or more", () => {
    expect(redact("a s3cret b s3cret", ["s3cret", "ab"])).toBe("a *** b ***");
  });

  it("pads columns, right-aligns numbers and leaves no trailing spaces", () => {
    const text = renderTable(
      ["Item", "Count", "Detail"],
      [
        ["Repositories", "12", "1 disabled"],
        ["Releases", "7", ""],
      ],
      ["left", "right", "left"],
    );
    expect(text).toBe(
      [
        "Item          Count  Detail",
        "Repositories     12  1 disabled",
        "Releases          7",
        "",
      ].join("\n"),
    );
  });
});
