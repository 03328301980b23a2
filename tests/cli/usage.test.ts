import { runInProcess } from "./helpers";

const TOKEN_ENV = { AZURE_DEVOPS_TOKEN: "rt-usage-token-77aa" };

/** Usage and input errors: exit 2, one clear line naming the problem, no stack trace. */
describe("release-trace usage errors", () => {
  const cases: { name: string; argv: string[]; env?: Record<string, string>; message: RegExp }[] = [
    {
      name: "no command",
      argv: [],
      message: /No command given/,
    },
    {
      name: "an unknown command",
      argv: ["deploy"],
      message: /Unknown command "deploy" \(commands: inventory/,
    },
    {
      name: "an unknown flag",
      argv: ["inventory", "--orgs", "x"],
      message: /--orgs/,
    },
    {
      name: "a bad organization URL",
      argv: ["inventory", "--org", "ftp://example.com/x", "--project", "P"],
      env: TOKEN_ENV,
      message: /^release-trace: --org: .*https:\/\//m,
    },
    {
      name: "an organization URL that is not a URL",
      argv: ["inventory", "--org", "not a url", "--project", "P"],
      env: TOKEN_ENV,
      message: /^release-trace: --org: The organization URL "not a url" is not a valid URL/m,
    },
    {
      name: "a missing token",
      argv: ["inventory", "--org", "https://dev.azure.com/fabrikam", "--project", "P"],
      message: /No token: set AZURE_DEVOPS_TOKEN/,
    },
    {
      name: "a missing organization",
      argv: ["inventory", "--project", "P"],
      env: TOKEN_ENV,
      message: /--org is required/,
    },
    {
      name: "a missing project",
      argv: ["inventory", "--org", "https://dev.azure.com/fabrikam"],
      env: TOKEN_ENV,
      message: /--project is required/,
    },
    {
      name: "--token",
      argv: ["inventory", "--token", "abc123secret"],
      message: /never taken from the command line.*AZURE_DEVOPS_TOKEN/,
    },
    {
      name: "--token=value",
      argv: ["inventory", "--token=abc123secret"],
      message: /never taken from the command line/,
    },
    {
      name: "--pat",
      argv: ["inventory", "--pat", "abc123secret"],
      message: /never taken from the command line/,
    },
    {
      name: "an unknown format",
      argv: ["inventory", "--demo", "--format", "xml"],
      message: /--format must be one of json, table \(got "xml"\)/,
    },
    {
      name: "an extra argument",
      argv: ["inventory", "extra", "--demo"],
      message: /Unexpected argument "extra"/,
    },
  ];

  it.each(cases)("exits 2 on $name", async ({ argv, env, message }) => {
    const result = await runInProcess(argv, env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Run "release-trace --help" for usage.');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain("abc123secret");
  });

  it("adds the stack trace only with --debug", async () => {
    const result = await runInProcess(
      ["inventory", "--org", "not a url", "--project", "P", "--debug"],
      TOKEN_ENV,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it("prints help and the version with exit 0", async () => {
    const help = await runInProcess(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: release-trace <command> \[flags\]/);
    expect(help.stdout).toMatch(/^ {2}inventory +Count/m);
    expect(help.stdout).toContain("Exit codes:");
    const version = await runInProcess(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
