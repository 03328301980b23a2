/** GitSource.getItemText through the real client stack against the emulator's git items route. */
import { parseBaselineDocument } from "../../../src/core/compliance/baseline/parse";
import { startEmulator, type RunningEmulator } from "../../../dev/emulator";
import { validateBaseline } from "../../../src/core/compliance/baseline/validate";
import type { AdoSources } from "../../../src/adapters/ado";
import { connect, demo, mainProjectId, recorder, sourceErrorOf, SEED } from "./helpers";

let emulator: RunningEmulator;
let ado: AdoSources;
let project: string;

const baselinePath = "/compliance/baseline.yml";
const withBaseline = demo().repositories.find(
  (repository) => repository.projectId === mainProjectId() && repository.files?.[baselinePath],
);
const withoutFiles = demo().repositories.find(
  (repository) =>
    repository.projectId === mainProjectId() &&
    !repository.files &&
    !repository.isDisabled &&
    repository.defaultBranch,
);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: SEED, size: "small" });
  project = emulator.project.name;
  ado = connect(emulator, recorder());
});

afterAll(async () => {
  await emulator?.close();
});

describe("getItemText", () => {
  it("reads a file of the default branch in one request, exactly as stored", async () => {
    expect(withBaseline).toBeDefined();
    ado.resetCalls();
    const text = await ado.sources.git.getItemText(project, withBaseline!.id, baselinePath);
    expect(text).toBe(withBaseline!.files![baselinePath]);
    expect(ado.calls().total).toBe(1);
    // The demo file is a usable baseline.
    expect(
      validateBaseline(parseBaselineDocument(text, baselinePath, "yaml"), baselinePath).name,
    ).toBe("Platform baseline");
  });

  it("reads the same path by repository name and on a named branch", async () => {
    const branch = withBaseline!.defaultBranch!;
    const text = await ado.sources.git.getItemText(
      project,
      withBaseline!.name,
      baselinePath,
      branch,
    );
    expect(text).toBe(withBaseline!.files![baselinePath]);
  });

  it("answers a missing file, a folder and an unknown branch with not-found", async () => {
    expect(withoutFiles).toBeDefined();
    const missing = await sourceErrorOf(
      ado.sources.git.getItemText(project, withoutFiles!.id, baselinePath),
    );
    expect(missing.kind).toBe("not-found");
    expect(missing.status).toBe(404);
    expect(missing.message).toContain("TF401174");

    const folder = await sourceErrorOf(
      ado.sources.git.getItemText(project, withBaseline!.id, "/compliance"),
    );
    expect(folder.kind).toBe("not-found");
    expect(folder.message).toContain("folder");

    const branch = await sourceErrorOf(
      ado.sources.git.getItemText(project, withBaseline!.id, baselinePath, "no-such-branch"),
    );
    expect(branch.kind).toBe("not-found");
    expect(branch.message).toContain("TF401175");
  });
});
