import type { DeploymentRecord, Release } from "../../../src/core/model";
import {
  classicSequences,
  deliveryOrder,
  yamlSequences,
  type StageSequence,
} from "../../../src/core/trace/deliveryOrder";
import type { ProductionPattern } from "../../../src/core/vocabulary/production";

const seq = (pipeline: string, ...environments: string[]): StageSequence => ({
  pipeline,
  environments,
});

describe("deliveryOrder", () => {
  it("follows one pipeline's order, whatever the alphabet says", () => {
    expect(deliveryOrder([], [seq("a", "Zeta", "Alpha", "Mid")])).toEqual(["Zeta", "Alpha", "Mid"]);
  });

  it("merges pipelines that share environments into one order", () => {
    const order = deliveryOrder(
      [],
      [seq("a", "dev", "qa", "prod"), seq("b", "qa", "staging", "prod"), seq("c", "dev", "qa")],
    );
    expect(order).toEqual(["dev", "qa", "staging", "prod"]);
  });

  it("puts production last even when a pipeline deploys after it", () => {
    const order = deliveryOrder([], [seq("a", "dev", "prod-us", "smoke", "Production")]);
    expect(order).toEqual(["dev", "smoke", "prod-us", "Production"]);
  });

  it("keeps production environments in their own delivery order", () => {
    expect(deliveryOrder([], [seq("a", "prod-eu", "prod-us")])).toEqual(["prod-eu", "prod-us"]);
    expect(deliveryOrder([], [seq("a", "prod-us", "prod-eu")])).toEqual(["prod-us", "prod-eu"]);
  });

  it("uses the production pattern in force", () => {
    const live: ProductionPattern = { patterns: ["live*"], source: "setting" };
    expect(deliveryOrder([], [seq("a", "live-eu", "canary")], live)).toEqual(["canary", "live-eu"]);
  });

  it("interleaves disjoint pipelines by the usual stage names, then by name", () => {
    const order = deliveryOrder([], [seq("a", "Dev", "QA"), seq("b", "sandbox", "Staging")]);
    expect(order).toEqual(["Dev", "sandbox", "QA", "Staging"]);
  });

  it("breaks ties between unrelated environments by name", () => {
    expect(deliveryOrder(["beta", "alpha", "gamma"], [])).toEqual(["alpha", "beta", "gamma"]);
  });

  it("resolves two pipelines that disagree by the majority, and a draw by the usual names", () => {
    const majority = deliveryOrder(
      [],
      [seq("a", "uat", "qa"), seq("b", "uat", "qa"), seq("c", "qa", "uat")],
    );
    expect(majority).toEqual(["uat", "qa"]);
    expect(deliveryOrder([], [seq("a", "uat", "qa"), seq("b", "qa", "uat")])).toEqual([
      "qa",
      "uat",
    ]);
  });

  it("places every environment of a cycle exactly once", () => {
    const order = deliveryOrder(
      [],
      [seq("a", "east", "west"), seq("b", "west", "north"), seq("c", "north", "east")],
    );
    expect([...order].sort()).toEqual(["east", "north", "west"]);
    expect(order).toHaveLength(3);
  });

  it("counts one vote per pipeline, however many runs it had", () => {
    const order = deliveryOrder(
      [],
      [seq("a", "qa", "uat"), seq("a", "qa", "uat"), seq("a", "qa", "uat"), seq("b", "uat", "qa")],
    );
    // a and b draw: the usual names decide (qa before uat).
    expect(order).toEqual(["qa", "uat"]);
  });

  it("merges names that differ only in case, keeping the first spelling", () => {
    expect(deliveryOrder(["Staging"], [seq("a", "dev", "staging")])).toEqual(["dev", "Staging"]);
  });
});

describe("the sequences a snapshot gives", () => {
  const at = (hour: number) => new Date(Date.UTC(2025, 0, 1, hour));
  const record = (id: number, runId: number, environmentId: number, hour: number) =>
    ({
      id,
      environmentId,
      pipeline: { id: 7, name: "web" },
      run: { id: runId, name: `r${runId}` },
      stageName: `s${environmentId}`,
      result: "succeeded",
      startTime: at(hour),
      finishTime: at(hour + 1),
    }) as DeploymentRecord;

  it("orders a YAML run's environments by when it started deploying to them", () => {
    const names = new Map([
      [1, "prod"],
      [2, "test"],
    ]);
    const sequences = yamlSequences(
      [record(1, 10, 1, 5), record(2, 10, 2, 1), record(3, 11, 2, 8)],
      (id) => names.get(id) ?? "?",
    );
    expect(sequences).toEqual([
      { pipeline: "yaml|7", environments: ["test", "prod"] },
      { pipeline: "yaml|7", environments: ["test"] },
    ]);
  });

  it("orders a Classic release's stages by rank", () => {
    const release = {
      id: 1,
      definition: { id: 3, name: "legacy" },
      environments: [
        { name: "Production", rank: 3 },
        { name: "QA", rank: 2 },
        { name: "Dev", rank: 1 },
      ],
    } as unknown as Release;
    expect(classicSequences([release])).toEqual([
      { pipeline: "classic|3", environments: ["Dev", "QA", "Production"] },
    ]);
  });
});
