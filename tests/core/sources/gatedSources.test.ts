import { gatedSources } from "../../../src/core/sources";
import { createFakeSources, repository } from "../../fakes/sources";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test("reads pass through while the gate is open", async () => {
  const fake = createFakeSources({ repositories: [repository({ name: "web" })] });
  const gate = gatedSources(fake.sources);
  const repositories = await gate.sources.git.listRepositories("Demo");
  expect(repositories.map((repo) => repo.name)).toEqual(["web"]);
  expect(fake.callCount("git.listRepositories")).toBe(1);
});

test("a closed gate starts no read; opening it runs the waiting reads, none failed", async () => {
  const fake = createFakeSources({ repositories: [repository({ name: "web" })] });
  const gate = gatedSources(fake.sources);
  gate.close();
  let answered: string[] | undefined;
  void gate.sources.git.listRepositories("Demo").then((list) => {
    answered = list.map((repo) => repo.name);
  });
  await tick();
  await tick();
  expect(fake.callCount("git.listRepositories")).toBe(0);
  expect(answered).toBeUndefined();

  gate.open();
  await tick();
  await tick();
  expect(fake.callCount("git.listRepositories")).toBe(1);
  expect(answered).toEqual(["web"]);
});

test("a gate closed again before the waiting reads ran keeps them waiting", async () => {
  const fake = createFakeSources({ repositories: [repository({ name: "web" })] });
  const gate = gatedSources(fake.sources);
  gate.close();
  const read = gate.sources.git.listRepositories("Demo");
  gate.open();
  gate.close();
  await tick();
  await tick();
  expect(fake.callCount("git.listRepositories")).toBe(0);
  gate.open();
  await expect(read).resolves.toHaveLength(1);
});
