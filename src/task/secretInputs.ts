/**
 * Secret inputs taken from the environment before azure-pipelines-task-lib loads: its getInput
 * writes every input's value to the debug log, and the history token may come from a plain
 * variable the agent does not mask. Imported first by the entry point.
 */
function take(name: string): string | undefined {
  const value = process.env[name];
  delete process.env[name];
  return value;
}

export const historyTokenInput = take("INPUT_HISTORYTOKEN");
