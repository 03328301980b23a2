import type { DeploymentRecord, Environment } from "../../../core/model";
import { TASK_RESULT } from "./build";
import {
  asObject,
  compact,
  knownEnumValue,
  malformed,
  optDate,
  optIdName,
  optString,
  reqInt,
} from "./read";

export function mapEnvironment(value: unknown): Environment {
  const what = "environment";
  const environment = asObject(value, what);
  return compact({
    id: reqInt(environment, "id", what),
    name: optString(environment, "name", what) ?? "",
    description: optString(environment, "description", what) || undefined,
  });
}

/** An environment deployment record: `definition` is the pipeline, `owner` the run. */
export function mapDeploymentRecord(value: unknown, environmentId: number): DeploymentRecord {
  const what = "environment deployment record";
  const record = asObject(value, what);
  const pipeline = optIdName(record, "definition", what);
  const run = optIdName(record, "owner", what);
  if (!pipeline) throw malformed(what, "definition", "is missing");
  if (!run) throw malformed(what, "owner", "is missing");
  return compact({
    id: reqInt(record, "id", what),
    environmentId:
      record.environmentId === undefined ? environmentId : reqInt(record, "environmentId", what),
    pipeline,
    run,
    stageName: optString(record, "stageName", what) ?? "",
    jobName: optString(record, "jobName", what) || undefined,
    // Absent while the job still runs.
    result: knownEnumValue(record, "result", TASK_RESULT),
    queueTime: optDate(record, "queueTime", what),
    startTime: optDate(record, "startTime", what),
    finishTime: optDate(record, "finishTime", what),
  });
}
