/**
 * Runs and releases by pipeline, read from the emulator over REST: the join key between surfaces
 * that name a deployment differently. What a surface shows is resolved here, never trusted.
 */

export interface RunRef {
  kind: "run" | "release";
  id: number;
  /** The run number or release name. */
  name: string;
  pipeline: string;
  /** The YAML pipeline's or Classic release definition's id. */
  pipelineId: number;
}

interface BuildJson {
  id: number;
  buildNumber: string;
  definition: { id: number; name: string };
}
interface ReleaseJson {
  id: number;
  name: string;
  releaseDefinition: { id: number; name: string };
}

type Rest = <T>(path: string) => Promise<T>;

/** "run 20250304.1", "Release-15", "#1147", "20250304.1 (run 1147)" → "20250304.1", … */
export function shownName(text: string): string {
  return text
    .trim()
    .replace(/\s*\((?:run |release |#)?\d+\)$/i, "")
    .replace(/^(?:run|release)\s+(?=\S)/i, "")
    .trim();
}

/** An id where a name belongs: "#1147", "1147", "run 1147", "… (release 14)". */
const ID_SHOWN = /^(?:#|(?:run|release)\s+)?(\d+)$|\((?:run |release |#)?(\d+)\)$/i;

export class RunDirectory {
  private constructor(private readonly refs: RunRef[]) {}

  static async read(rest: Rest, project: string): Promise<RunDirectory> {
    const path = encodeURIComponent(project);
    const builds = await rest<{ value: BuildJson[] }>(
      `${path}/_apis/build/builds?api-version=7.1&$top=5000`,
    );
    const releases = await rest<{ value: ReleaseJson[] }>(
      `${path}/_apis/release/releases?api-version=7.1&$top=5000`,
    );
    return new RunDirectory([
      ...builds.value.map((build): RunRef => ({
        kind: "run",
        id: build.id,
        name: build.buildNumber,
        pipeline: build.definition.name,
        pipelineId: build.definition.id,
      })),
      ...releases.value.map((release): RunRef => ({
        kind: "release",
        id: release.id,
        name: release.name,
        pipeline: release.releaseDefinition.name,
        pipelineId: release.releaseDefinition.id,
      })),
    ]);
  }

  /**
   * The run or release of `pipeline` a surface means by `shown`: by its name first, else by the
   * id it shows ("#1147", "run 1147", "(release 14)"), else undefined.
   */
  resolve(pipeline: string, shown: string): RunRef | undefined {
    const name = shownName(shown);
    const ofPipeline = this.refs.filter((ref) => ref.pipeline === pipeline);
    const byName = ofPipeline.filter((ref) => ref.name.toLowerCase() === name.toLowerCase());
    if (byName.length === 1) return byName[0];
    const match = ID_SHOWN.exec(shown.trim());
    const id = match ? (match[1] ?? match[2]) : undefined;
    return id === undefined ? undefined : ofPipeline.find((ref) => ref.id === Number(id));
  }

  /** Any run or release of the pipeline (for its kind and id). */
  anyOf(pipeline: string): RunRef | undefined {
    return this.refs.find((ref) => ref.pipeline === pipeline);
  }

  byId(kind: RunRef["kind"], id: number): RunRef | undefined {
    return this.refs.find((ref) => ref.kind === kind && ref.id === id);
  }
}

/** "release 14": how subjects name a deployment (kind and id, never a display name). */
export function refKey(ref: RunRef): string {
  return `${ref.kind} ${ref.id}`;
}
