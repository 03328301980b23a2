/**
 * ReleaseTrace@1, the pipeline task: reads its inputs and the job's environment through the task
 * library, then runs the same CLI commands (core and adapters) in-process and turns their
 * reports into logging commands. Everything the agent sees goes through `agent` below.
 */
// First: it takes the secret inputs before the task library reads (and logs) the environment.
import { historyTokenInput } from "./secretInputs";
import * as tl from "azure-pipelines-task-lib/task";
import { RunError, UsageError } from "../cli/errors";
import { agentText, type Agent, type TaskEnvironment } from "./agent";
import { runCompliance } from "./compliance";
import { runEvidence } from "./evidence";
import { runGates } from "./gates";
import { runMetrics } from "./metrics";
import { InputError, readInputs, type TaskInputs } from "./inputs";
import { refreshTaskIndex } from "./deploymentIndex";

const agent: Agent = {
  log: (line) => console.log(agentText(line)),
  issue: (type, message) => tl.command("task.logissue", { type }, agentText(message)),
  uploadArtifact: (name, folder) =>
    tl.command("artifact.upload", { containerfolder: name, artifactname: name }, folder),
  uploadSummary: (file) => tl.command("task.uploadsummary", null, file),
  setResult: (outcome, message) => tl.setResult(tl.TaskResult[outcome], agentText(message)),
};

/** The job's own token: the SystemVssConnection endpoint every job has. */
function jobToken(): string {
  const token =
    tl.getEndpointAuthorizationParameter("SystemVssConnection", "AccessToken", true) ??
    tl.getEndpointAuthorization("SystemVssConnection", true)?.parameters?.AccessToken;
  if (!token) {
    throw new InputError(
      "The job's access token is not available (the SystemVssConnection endpoint is missing): run the task in an Azure Pipelines job.",
    );
  }
  tl.setSecret(token);
  return token;
}

function environmentOf(inputs: TaskInputs): TaskEnvironment {
  const orgUrl =
    tl.getVariable("System.CollectionUri") ?? tl.getEndpointUrl("SystemVssConnection", true);
  const project = inputs.project ?? tl.getVariable("System.TeamProject");
  if (!orgUrl)
    throw new InputError("System.CollectionUri is not set: run the task in a pipeline job.");
  if (!project) throw new InputError("Input project is empty and System.TeamProject is not set.");
  const staging =
    tl.getVariable("Build.ArtifactStagingDirectory") ?? tl.getVariable("Agent.TempDirectory");
  if (!staging) {
    throw new InputError("Neither Build.ArtifactStagingDirectory nor Agent.TempDirectory is set.");
  }
  return {
    orgUrl,
    project,
    jobToken: jobToken(),
    stagingDirectory: staging,
    workingDirectory: tl.getVariable("Build.SourcesDirectory") ?? process.cwd(),
    now: () => new Date(),
  };
}

function inputsOf(): TaskInputs {
  // An empty filePath input arrives as the sources directory; only a supplied one counts.
  const read = (name: string) => {
    if (name === "historyToken") return historyTokenInput;
    if (name === "baseline") return tl.filePathSupplied(name) ? tl.getPathInput(name) : undefined;
    return tl.getInput(name);
  };
  const inputs = readInputs(read, (name) => tl.getBoolInput(name, false));
  if (inputs.historyToken) tl.setSecret(inputs.historyToken);
  return inputs;
}

async function main(): Promise<void> {
  try {
    const inputs = inputsOf();
    const environment = environmentOf(inputs);
    const run = {
      compliance: runCompliance,
      gates: runGates,
      evidence: runEvidence,
      metrics: runMetrics,
    };
    await run[inputs.command](agent, environment, inputs);
    if (inputs.refreshDeploymentIndex && inputs.historyToken)
      await refreshTaskIndex(agent, environment, inputs.historyToken);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const expected =
      error instanceof InputError || error instanceof UsageError || error instanceof RunError;
    agent.setResult("Failed", expected ? message : `Unexpected error: ${message}`);
  }
}

void main();
