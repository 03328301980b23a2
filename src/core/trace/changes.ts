/**
 * `deploymentChanges`: what one deployment of a pipeline to an environment brought compared with
 * the previous one (the query behind the hub's contents panel and `release-trace changes`).
 * Without a run or release, the deployment is what runs there now; when nothing does, the newest
 * attempt.
 */
import { deploymentContents, type ContentsResult, type DeploymentSubject } from "./contents";
import { deployedMatrix } from "./deployed";
import type { TraceSession } from "./session";
import type { DeployedCell } from "./types";
import { TraceInputError } from "./workItem";

export interface ChangesRequest {
  /** Pipeline or release definition name (case-insensitive). */
  pipeline: string;
  /** Environment or Classic stage name (case-insensitive). */
  environment: string;
  runId?: number;
  releaseId?: number;
}

/** The deployment a cell stands for: what runs there, else the newest attempt. */
export function cellDeployment(cell: DeployedCell): DeploymentSubject | undefined {
  const { environment } = cell;
  const source = cell.state !== null ? cell : cell.latestAttempt;
  if (source?.runId !== undefined)
    return { kind: "run", runId: source.runId, environment, name: source.name };
  if (source?.releaseId !== undefined)
    return { kind: "release", releaseId: source.releaseId, environment, name: source.name };
  return undefined;
}

function sameName(left: string, right: string): boolean {
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}

/** The cell of the pipeline × environment asked for, of the kind a run or release implies. */
async function findCell(session: TraceSession, request: ChangesRequest): Promise<DeployedCell> {
  const matrix = await deployedMatrix(session.sources, session.project, {
    pipeline: request.pipeline,
    session,
  });
  const cells = matrix.cells.filter((cell) => sameName(cell.environment, request.environment));
  const kind =
    request.runId !== undefined ? "yaml" : request.releaseId !== undefined ? "classic" : undefined;
  const cell = cells.find((item) => kind === undefined || item.kind === kind);
  if (cell) return cell;
  if (cells.length > 0)
    throw new TraceInputError(
      kind === "yaml"
        ? `"${request.pipeline}" is a Classic release definition: give --release, not --run.`
        : `"${request.pipeline}" is a YAML pipeline: give --run, not --release.`,
    );
  const known = [...new Set(matrix.cells.map((item) => item.environment))].sort();
  throw new TraceInputError(
    `"${request.pipeline}" has no deployment to an environment named "${request.environment}"${
      known.length > 0 ? ` (it deployed to ${known.join(", ")})` : ""
    }.`,
  );
}

function requestedSubject(cell: DeployedCell, request: ChangesRequest): DeploymentSubject {
  const { environment } = cell;
  if (request.runId !== undefined) return { kind: "run", runId: request.runId, environment };
  if (request.releaseId !== undefined)
    return { kind: "release", releaseId: request.releaseId, environment };
  const subject = cellDeployment(cell);
  if (!subject)
    throw new TraceInputError(`Nothing of "${request.pipeline}" was deployed to ${environment}.`);
  return subject;
}

export async function deploymentChanges(
  session: TraceSession,
  request: ChangesRequest,
): Promise<ContentsResult> {
  if (request.runId !== undefined && request.releaseId !== undefined)
    throw new TraceInputError("Give a run or a release, not both.");
  const cell = await findCell(session, request);
  const result = await deploymentContents(session, requestedSubject(cell, request));
  // A run of another pipeline would be compared with the wrong deployments.
  if (!sameName(result.contents.pipeline, cell.pipeline))
    throw new TraceInputError(
      `${request.runId !== undefined ? `Run ${request.runId}` : `Release ${request.releaseId}`} belongs to "${result.contents.pipeline}", not to "${cell.pipeline}".`,
    );
  return result;
}
