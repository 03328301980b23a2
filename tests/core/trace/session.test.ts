import { SourceError, type NotAvailable } from "../../../src/core/sources";
import { TraceSession } from "../../../src/core/trace/session";
import { createFakeSources } from "../../fakes/sources";
import { hour, recordAt } from "./builders";

const environments = [
  { id: 1, name: "dev" },
  { id: 2, name: "prod" },
];

describe("a trace session across loads", () => {
  it("reads again on the next load what could not be read, and keeps what was read", async () => {
    const fake = createFakeSources({
      environments,
      deploymentRecords: [recordAt({ id: 1, runId: 10, environmentId: 2 }, hour(1))],
    });
    const session = new TraceSession(fake.sources, "Demo");
    fake.fail("environments.listDeploymentRecords", new SourceError("server", "503"));
    session.newLoad();
    const first: NotAvailable[] = [];
    expect((await session.environmentDeployments(first)).records).toEqual([]);
    expect(first.map((note) => note.what)).toEqual([
      "deployment records of environment dev",
      "deployment records of environment prod",
    ]);
    // The service is back: a refresh (a new load) must not keep saying it could not be read.
    fake.heal("environments.listDeploymentRecords");
    session.newLoad();
    const second: NotAvailable[] = [];
    expect((await session.environmentDeployments(second)).records.map((r) => r.id)).toEqual([1]);
    expect(second).toEqual([]);
    // What was read is kept for the session: a third load reads nothing again.
    const calls = fake.calls.length;
    session.newLoad();
    await session.environmentDeployments([]);
    expect(fake.calls.length).toBe(calls);
  });
});
