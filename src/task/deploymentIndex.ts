/**
 * `refreshDeploymentIndex`: after its command, the task reads what is newer than the project's
 * deployment index (each environment down to its watermark) with the job's token and saves the
 * merge with the history token (extension data writes need vso.extension.data_write).
 */
import { createAdoSources, patAuth } from "../adapters/ado";
import { EXTENSION } from "../cli/connection";
import { indexCollection } from "../core/trace/deploymentIndex/deploymentIndex";
import { refreshIndex } from "../core/trace/deploymentIndex/refreshIndex";
import type { Agent, TaskEnvironment } from "./agent";

/** Refreshes the index; a failure fails the task (as a score that could not be published). */
export async function refreshTaskIndex(
  agent: Agent,
  environment: TaskEnvironment,
  token: string,
): Promise<void> {
  const connect = (secret: string) =>
    createAdoSources({ orgUrl: environment.orgUrl, auth: patAuth(secret), target: "detect" });
  try {
    const { sources } = connect(environment.jobToken);
    const project = await sources.core.getProject(environment.project);
    const store = connect(token)
      .extensionData(EXTENSION)
      .versionedDocuments(indexCollection(project.id));
    const { index, readToEnd, recordsRead } = await refreshIndex(
      sources,
      { project: environment.project, projectId: project.id, now: environment.now },
      store,
    );
    agent.log(
      `Refreshed the deployment index of ${project.name}: ${recordsRead} deployment records read (${readToEnd} of ${index.environments.length} environments to the end), ${index.rows.length} rows as of ${index.asOf}.`,
    );
  } catch (error) {
    agent.setResult(
      "Failed",
      `The deployment index was not refreshed: ${(error as Error).message}.`,
    );
  }
}
