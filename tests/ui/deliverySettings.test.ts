import {
  deliveryWindowDaysOf,
  parseDeliverySettings,
  serializeDeliverySettings,
} from "../../src/ui/settings";

describe("delivery widget settings", () => {
  it("starts a new widget on every pipeline, production and 30 days", () => {
    expect(parseDeliverySettings(null)).toEqual({ settings: {} });
    expect(deliveryWindowDaysOf({})).toBe(30);
  });

  it("round-trips what the configuration saves", () => {
    const settings = {
      pipeline: { kind: "classic" as const, id: 3, name: "payments-release" },
      environment: "QA",
      windowDays: 90,
    };
    expect(parseDeliverySettings(serializeDeliverySettings(settings))).toEqual({ settings });
  });

  it("says which saved part it could not use and falls back for that part only", () => {
    const parsed = parseDeliverySettings(
      JSON.stringify({ pipeline: { kind: "git", id: 1 }, environment: "prod", windowDays: 45 }),
    );
    expect(parsed.settings).toEqual({ environment: "prod" });
    expect(parsed.problem).toBe(
      "The saved pipeline could not be read; showing every pipeline. The saved window is not one offered; showing the last 30 days.",
    );
    expect(parseDeliverySettings("{not json").problem).toBe(
      "The saved settings could not be read.",
    );
  });
});
