import { gatesJson } from "../../src/cli/commands/gatesReport";

describe("gates JSON contract", () => {
  it("lists what could not be read as what and reason only (the kind stays internal)", () => {
    const json = gatesJson({
      pending: [],
      stages: [],
      notAvailable: [
        { what: "releases in progress", reason: "Too many requests", kind: "throttled" },
      ],
    });
    expect(json.notAvailable).toEqual([
      { what: "releases in progress", reason: "Too many requests" },
    ]);
    expect(Object.keys(json.notAvailable[0])).toEqual(["what", "reason"]);
  });
});
