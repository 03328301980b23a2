import { agentText } from "../../src/task/agent";
import { plainHttpServer } from "../../src/task/connection";

describe("text the task writes to the agent's log", () => {
  it("cannot issue a logging command, whatever a name holds", () => {
    const hostile =
      "web-app ##vso[task.setvariable variable=x]1 ##[error]fake\r\n##vso[task.complete result=Succeeded]";
    const text = agentText(hostile);
    expect(text).not.toMatch(/##vso\[|##\[/i);
    expect(text).not.toMatch(/[\r\n]/);
    expect(text).toContain("web-app");
  });
});

describe("plain http", () => {
  it("is asked for only for another machine's http:// collection", () => {
    expect(plainHttpServer("http://tfs.corp.example:8080/tfs/DefaultCollection/")).toBe(true);
    expect(plainHttpServer("http://127.0.0.1:8080/fabrikam/")).toBe(false);
    expect(plainHttpServer("http://localhost:8080/fabrikam/")).toBe(false);
    expect(plainHttpServer("https://dev.azure.com/fabrikam/")).toBe(false);
  });
});
