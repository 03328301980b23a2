import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../dev/emulator";
import { openConnection, projectInOrgUrl } from "../../src/cli/connection";
import { runInProcess } from "./helpers";

/*
 * Bad input, command by command: each case gets one message naming what is wrong, the exit code
 * the README documents (2 for usage and input, 1 when the organization cannot be reached), and
 * no stack trace.
 */

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const TOKEN = "rt-bad-input-token-5c1e";
const ENV = { AZURE_DEVOPS_TOKEN: TOKEN };

/** Baseline files the cases read, by name. */
const BASELINES: Record<string, string> = {
  "broken.yml": "rules:\n  branch.min-reviewers: {minimumApprovers: 2\n",
  "broken.json": '{"rules": {"branch.min-reviewers": ',
  "empty.yml": "",
  "empty.json": "  \n",
  "comments.yml": "# rules to come\n",
  "types.yml": "branches: main\nrules: [branch.min-reviewers]\n",
  "unknown-rule.yml": "rules:\n  branch.min-reviewer: {}\n",
  "bad-param.json": '{"rules": {"branch.min-reviewers": {"minimumApprovers": "two"}}}',
  "bad-exception.yml":
    "rules:\n  branch.build-validation: {}\nexceptions:\n  - rule: branch.build-validation\n    repository: web\n    justification: legacy\n    expires: soon\n",
  "alias-bomb.yml": [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
    "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
    "",
  ].join("\n"),
  "unresolved-alias.yml": "rules: *missing\n",
  "duplicate-key.json":
    '{"rules": {"branch.min-reviewers": {}}, "rules": {"branch.build-validation": {}}}',
  "duplicate-key.yml":
    "rules:\n  branch.min-reviewers: {}\nrules:\n  branch.build-validation: {}\n",
  // A megabyte and a byte: a comment line repeated.
  "huge.yml": "#".repeat(1024 * 1024) + "\n",
  "many-unknown-rules.json": JSON.stringify({
    rules: Object.fromEntries(
      Array.from({ length: 30_000 }, (_, index) => [`no.such-rule-${index}`, {}]),
    ),
  }),
};

/** Special files a baseline path may name: devices through a .yml/.json name, and a FIFO. */
const SPECIAL_FILES: Record<string, string> = {
  "zero.yml": "/dev/zero",
  "urandom.json": "/dev/urandom",
};

interface Case {
  name: string;
  argv: (where: { org: string; project: string }) => string[];
  env?: Record<string, string>;
  code: 1 | 2;
  message: RegExp;
}

const connected =
  (command: string, ...rest: string[]) =>
  (where: { org: string; project: string }) => [
    command,
    "--org",
    where.org,
    "--project",
    where.project,
    ...rest,
  ];
const baseline = (file: string) => connected("compliance", "--baseline", file);

const cases: Case[] = [
  // Malformed baseline files.
  {
    name: "YAML that does not parse",
    argv: baseline("broken.yml"),
    code: 2,
    message: /--baseline: broken\.yml is not valid YAML at line 3, column 1/,
  },
  {
    name: "JSON that does not parse",
    argv: baseline("broken.json"),
    code: 2,
    message: /--baseline: broken\.json is not valid JSON/,
  },
  {
    name: "an empty YAML file",
    argv: baseline("empty.yml"),
    code: 2,
    message: /--baseline: empty\.yml is empty\. Expected a baseline with a "rules" key/,
  },
  {
    name: "a blank JSON file",
    argv: baseline("empty.json"),
    code: 2,
    message: /--baseline: empty\.json is empty/,
  },
  {
    name: "YAML with only comments",
    argv: baseline("comments.yml"),
    code: 2,
    message: /--baseline: comments\.yml is empty/,
  },
  {
    name: "wrong types",
    argv: baseline("types.yml"),
    code: 2,
    message:
      /Baseline types\.yml is not valid:\n {2}branches: expected a non-empty list[^\n]*\n {2}rules: expected a map/,
  },
  {
    name: "an unknown rule id",
    argv: baseline("unknown-rule.yml"),
    code: 2,
    message: /rules\.branch\.min-reviewer: expected a known rule id \(branch\.min-reviewers,/,
  },
  {
    name: "a parameter of the wrong type",
    argv: baseline("bad-param.json"),
    code: 2,
    message:
      /rules\.branch\.min-reviewers\.minimumApprovers: expected a whole number of at least 1/,
  },
  {
    name: "an exception without a date",
    argv: baseline("bad-exception.yml"),
    code: 2,
    message: /exceptions\[0\]\.expires: expected a date such as 2027-03-31/,
  },
  {
    name: "a YAML alias bomb",
    argv: baseline("alias-bomb.yml"),
    code: 2,
    message:
      /--baseline: alias-bomb\.yml is not valid YAML: its aliases expand to more than 10000 values\./,
  },
  {
    name: "an unresolved YAML alias",
    argv: baseline("unresolved-alias.yml"),
    code: 2,
    message:
      /--baseline: unresolved-alias\.yml is not valid YAML at line 1, column 16: unidentified alias "missing"/,
  },
  {
    name: "a JSON baseline with the same key twice",
    argv: baseline("duplicate-key.json"),
    code: 2,
    message:
      /--baseline: duplicate-key\.json is not valid JSON at line 1, column 41: duplicated key "rules"/,
  },
  {
    name: "a YAML baseline with the same key twice",
    argv: baseline("duplicate-key.yml"),
    code: 2,
    message:
      /--baseline: duplicate-key\.yml is not valid YAML at line 3, column 1: duplicated mapping key/,
  },
  {
    name: "a baseline over 1 MB",
    argv: baseline("huge.yml"),
    code: 2,
    message:
      /--baseline: huge\.yml is larger than 1 MB \(1048576 bytes\), the limit for a baseline file\./,
  },
  {
    name: "/dev/zero as baseline",
    argv: baseline("zero.yml"),
    code: 2,
    message:
      /--baseline: cannot read zero\.yml \(.*\): it is not a regular file \(a device, FIFO or socket\)\./,
  },
  {
    name: "/dev/urandom as baseline",
    argv: baseline("urandom.json"),
    code: 2,
    message: /--baseline: cannot read urandom\.json \(.*\): it is not a regular file/,
  },
  {
    name: "a FIFO as baseline",
    argv: baseline("fifo.yml"),
    code: 2,
    message: /--baseline: cannot read fifo\.yml \(.*\): it is not a regular file/,
  },
  {
    name: "tens of thousands of unknown rule ids",
    argv: baseline("many-unknown-rules.json"),
    code: 2,
    message:
      /Baseline many-unknown-rules\.json is not valid:\n( {2}rules\.no\.such-rule-\d+: expected a known rule id [^\n]*\n){20} {2}… and 29980 more problems\n/,
  },
  {
    name: "merge reading a device",
    argv: () => ["merge", "zero.yml", "urandom.json"],
    code: 2,
    message:
      /^release-trace: cannot read zero\.yml: it is not a regular file \(a device, FIFO or socket\)$/m,
  },
  {
    name: "merge reading a FIFO",
    argv: () => ["merge", "fifo.yml"],
    code: 2,
    message: /^release-trace: cannot read fifo\.yml: it is not a regular file/m,
  },
  {
    name: "a missing baseline file",
    argv: baseline("missing.yml"),
    code: 2,
    message: /--baseline: cannot read missing\.yml \(.*missing\.yml\): no such file or directory\./,
  },
  {
    name: "a directory as baseline",
    argv: baseline("folder.yml"),
    code: 2,
    message: /--baseline: cannot read folder\.yml \(.*\): it is a directory, not a file\./,
  },
  {
    name: "a baseline that is not JSON or YAML",
    argv: baseline("rules.txt"),
    code: 2,
    message: /--baseline: rules\.txt must end in \.json, \.yml or \.yaml/,
  },
  {
    name: "an empty --baseline",
    argv: baseline(""),
    code: 2,
    message: /--baseline needs a value \(it was empty\)/,
  },

  // Organization URLs.
  {
    name: "an org that is not a URL",
    argv: () => ["inventory", "--org", "not a url", "--project", "P"],
    code: 2,
    message: /--org: The organization URL "not a url" is not a valid URL/,
  },
  {
    name: "an ftp org URL",
    argv: () => ["inventory", "--org", "ftp://dev.azure.com/fabrikam", "--project", "P"],
    code: 2,
    message: /--org: The organization URL must start with https:\/\//,
  },
  {
    name: "http to Azure DevOps Services",
    argv: () => ["inventory", "--org", "http://dev.azure.com/fabrikam", "--project", "P"],
    code: 2,
    message: /--org: Azure DevOps Services URLs must use https:\/\//,
  },
  {
    name: "http to another machine",
    argv: () => [
      "inventory",
      "--org",
      "http://tfs.example.com/tfs/DefaultCollection",
      "--project",
      "P",
    ],
    code: 2,
    message:
      /--org: http:\/\/tfs\.example\.com\/tfs\/DefaultCollection uses plain http:\/\/, which would send the token unencrypted; use https:\/\//,
  },
  {
    name: "credentials in the org URL",
    argv: () => [
      "inventory",
      "--org",
      "https://me:secret-pw@dev.azure.com/fabrikam",
      "--project",
      "P",
    ],
    code: 2,
    message: /--org: The organization URL must not contain credentials/,
  },
  {
    name: "a project URL that contradicts --project",
    argv: () => [
      "inventory",
      "--org",
      "https://dev.azure.com/fabrikam/Web/_git/site",
      "--project",
      "Other",
    ],
    code: 2,
    message:
      /--org names project "Web" but --project is "Other": give the organization URL \(https:\/\/dev\.azure\.com\/fabrikam\)/,
  },
  {
    name: "an emulator URL with the project pasted on",
    argv: ({ org, project }) => ["inventory", "--org", `${org}/${project}`, "--project", project],
    code: 2,
    message:
      /was not found in .*: check --project\. The --org URL seems to end with the project: give the organization or collection URL \(http:\/\/127\.0\.0\.1:\d+\/(?:fabrikam|tfs\/DefaultCollection)\)/,
  },
  {
    name: "a bad SYSTEM_COLLECTIONURI",
    argv: () => ["inventory"],
    env: { ...ENV, SYSTEM_COLLECTIONURI: "nonsense url", SYSTEM_TEAMPROJECT: "P" },
    code: 2,
    message:
      /^release-trace: SYSTEM_COLLECTIONURI: The organization URL "nonsense url" is not a valid URL/m,
  },

  {
    name: "an org URL with %00",
    argv: () => ["inventory", "--org", "https://dev.azure.com/fab%00rikam", "--project", "P"],
    code: 2,
    message: /--org: The organization URL has a control character in its path \("fab%00rikam"\)/,
  },
  {
    name: "an org URL with invalid percent-encoding",
    argv: () => [
      "inventory",
      "--org",
      "https://tfs.example.com/tfs/Col%zzlection",
      "--project",
      "P",
    ],
    code: 2,
    message: /--org: The organization URL has invalid percent-encoding \("Col%zzlection"\)/,
  },
  {
    name: "a very long --org",
    argv: () => [
      "inventory",
      "--org",
      `https://dev.azure.com/${"x".repeat(100_000)}`,
      "--project",
      "P",
    ],
    code: 2,
    message:
      /^release-trace: --org: The organization URL is 100022 characters long, more than 2048; expected e\.g\. https:\/\/dev\.azure\.com\/fabrikam\.$/m,
  },

  {
    name: "a long --org that is not a URL",
    argv: () => ["inventory", "--org", `not a url ${"x".repeat(1_900)}`, "--project", "P"],
    code: 2,
    message:
      /^release-trace: --org: The organization URL "not a url x{190}… \(1710 more characters\)" is not a valid URL/m,
  },

  // Names that go into URL paths.
  {
    name: "a --project with a query and a fragment",
    argv: ({ org, project }) => [
      "inventory",
      "--org",
      org,
      "--project",
      `${project}?api-version=1.0&x=#`,
    ],
    code: 2,
    message:
      /Project "Fabrikam\?api-version=1\.0&x=#" was not found in http:\/\/127\.0\.0\.1:\d+\/(?:fabrikam|tfs\/DefaultCollection): check --project\./,
  },
  ...["../../_apis/projects", "..", ".", "Fabrikam/", "a\\b"].map((project): Case => ({
    name: `--project ${project}`,
    argv: ({ org }) => ["deployed", "--org", org, "--project", project],
    code: 2,
    message:
      /^release-trace: --project ".*" cannot be an Azure DevOps name: names (are never "\." or "\.\."|never contain \/ or \\)\.$/m,
  })),
  {
    name: "--projects naming ..",
    argv: ({ org }) => ["compliance", "--org", org, "--projects", "Fabrikam,.."],
    code: 2,
    message:
      /^release-trace: --projects "\.\." cannot be an Azure DevOps name: names are never "\." or "\.\."\.$/m,
  },
  {
    name: "--pipeline with a slash",
    argv: connected("gates", "--pipeline", "web/../../x"),
    code: 2,
    message:
      /^release-trace: --pipeline "web\/\.\.\/\.\.\/x" cannot be an Azure DevOps name: names never contain \/ or \\\.$/m,
  },
  {
    name: "--environment naming ..",
    argv: connected("changes", "--pipeline", "web-app-ci-cd", "--environment", ".."),
    code: 2,
    message:
      /^release-trace: --environment "\.\." cannot be an Azure DevOps name: names are never "\." or "\.\."\.$/m,
  },
  {
    name: "a very long --project",
    argv: ({ org }) => ["inventory", "--org", org, "--project", "P".repeat(100_000)],
    code: 2,
    message:
      /^release-trace: --project "P{200}… \(99800 more characters\)" cannot be an Azure DevOps name: it is 100000 characters long, and names have at most 256\.$/m,
  },

  // Tokens.
  ...[
    ["LF", "rt-token\ninjected: header"],
    ["CR", "rt-token\rX-Other: 1"],
    ["CRLF", "rt-token\r\nX-Other: 1"],
  ].map(([name, token]): Case => ({
    name: `a token with ${name} inside`,
    argv: connected("inventory"),
    env: { AZURE_DEVOPS_TOKEN: token },
    code: 2,
    message:
      /^release-trace: AZURE_DEVOPS_TOKEN contains a line break \(CR or LF\) inside the token: set it to the token alone, on one line\.$/m,
  })),
  {
    name: "an empty token",
    argv: connected("inventory"),
    env: { AZURE_DEVOPS_TOKEN: "" },
    code: 2,
    message: /No token: set AZURE_DEVOPS_TOKEN/,
  },
  {
    name: "a blank token",
    argv: connected("inventory"),
    env: { AZURE_DEVOPS_EXT_PAT: "  \n" },
    code: 2,
    message: /No token: set AZURE_DEVOPS_TOKEN/,
  },
  ...["inventory", "compliance", "gates", "deployed"].map((command): Case => ({
    name: `an invalid token (${command})`,
    argv: connected(command),
    env: { AZURE_DEVOPS_TOKEN: "invalid-token" },
    code: 2,
    message:
      /http:\/\/127\.0\.0\.1:\d+\/(?:fabrikam|tfs\/DefaultCollection) rejected the token \(HTTP 401\): check that AZURE_DEVOPS_TOKEN is valid and not expired/,
  })),
  {
    name: "an invalid pipeline token",
    argv: connected("trace", "--work-item", "1"),
    env: { SYSTEM_ACCESSTOKEN: "invalid-token" },
    code: 2,
    message: /rejected the token \(HTTP 401\): check that SYSTEM_ACCESSTOKEN is valid/,
  },

  // Unknown projects.
  ...["inventory", "compliance", "gates", "deployed"].map((command): Case => ({
    name: `an unknown project (${command})`,
    argv: ({ org }) => [command, "--org", org, "--project", "No Such Project"],
    code: 2,
    message:
      /Project "No Such Project" was not found in http:\/\/127\.0\.0\.1:\d+\/(?:fabrikam|tfs\/DefaultCollection): check --project\.$/m,
  })),
  {
    name: "an unknown project (evidence)",
    argv: ({ org }) => ["evidence", "--org", org, "--project", "Nope", "--run", "1"],
    code: 2,
    message: /Project "Nope" was not found/,
  },

  // Absurd flag values.
  {
    name: "negative hours",
    argv: connected("gates", "--fail-if-pending-over", "-5"),
    code: 2,
    message: /--fail-if-pending-over must be a number of hours from 0 to 87600 \(got "-5"\)/,
  },
  {
    name: "non-numeric hours",
    argv: connected("gates", "--fail-if-pending-over", "abc"),
    code: 2,
    message: /--fail-if-pending-over must be a number of hours from 0 to 87600 \(got "abc"\)/,
  },
  {
    name: "hex hours",
    argv: connected("gates", "--fail-if-pending-over", "0x10"),
    code: 2,
    message: /\(got "0x10"\)/,
  },
  {
    name: "huge hours",
    argv: connected("gates", "--fail-if-pending-over", "99999999999999999999"),
    code: 2,
    message: /from 0 to 87600 \(got "99999999999999999999"\)/,
  },
  {
    name: "--work-item abc",
    argv: connected("trace", "--work-item", "abc"),
    code: 2,
    message: /--work-item must be a positive whole number up to 2147483647 \(got "abc"\)/,
  },
  {
    name: "a huge --work-item",
    argv: connected("trace", "--work-item", "99999999999999999999"),
    code: 2,
    message:
      /--work-item must be a positive whole number up to 2147483647 \(got "99999999999999999999"\)/,
  },
  {
    name: "--run 0",
    argv: connected("evidence", "--run", "0"),
    code: 2,
    message: /--run must be a positive whole number up to 2147483647 \(got "0"\)/,
  },
  {
    name: "--run -1",
    argv: connected("evidence", "--run", "-1"),
    code: 2,
    message: /--run must be a positive whole number up to 2147483647 \(got "-1"\)/,
  },
  {
    name: "--release 1.5",
    argv: connected("evidence", "--release", "1.5"),
    code: 2,
    message: /--release must be a positive whole number/,
  },
  {
    name: "--run and --release together",
    argv: connected("evidence", "--run", "1", "--release", "2"),
    code: 2,
    message: /evidence needs exactly one of --run ID or --release ID/,
  },
  {
    name: "changes without --environment",
    argv: connected("changes", "--pipeline", "web-app-ci-cd"),
    code: 2,
    message: /changes needs --pipeline NAME and --environment NAME/,
  },
  {
    name: "changes with --run and --release",
    argv: connected(
      "changes",
      ...["--pipeline", "web-app-ci-cd", "--environment", "prod", "--run", "1", "--release", "2"],
    ),
    code: 2,
    message: /changes takes --run ID or --release ID, not both/,
  },
  {
    name: "changes of an unknown pipeline",
    argv: connected("changes", "--pipeline", "no-such-pipeline", "--environment", "prod"),
    code: 2,
    message: /No pipeline or release definition is named "no-such-pipeline"/,
  },
  {
    name: "changes to an environment the pipeline never deployed to",
    argv: connected("changes", "--pipeline", "web-app-ci-cd", "--environment", "nowhere"),
    code: 2,
    message:
      /"web-app-ci-cd" has no deployment to an environment named "nowhere" \(it deployed to dev, prod, staging\)/,
  },
  {
    name: "changes of a run of another pipeline",
    argv: connected(
      "changes",
      ...["--pipeline", "web-app-ci-cd", "--environment", "prod", "--run", "1141"],
    ),
    code: 2,
    message: /Run 1141 belongs to "identity-service-ci", not to "web-app-ci-cd"/,
  },
  {
    name: "changes of an unknown run",
    argv: connected(
      "changes",
      ...["--pipeline", "web-app-ci-cd", "--environment", "prod", "--run", "424242"],
    ),
    code: 2,
    message: /Run 424242 does not exist or cannot be read/,
  },
  {
    name: "changes with --release for a YAML pipeline",
    argv: connected(
      "changes",
      ...["--pipeline", "web-app-ci-cd", "--environment", "prod", "--release", "3"],
    ),
    code: 2,
    message: /"web-app-ci-cd" is a YAML pipeline: give --run, not --release/,
  },
  {
    name: "changes --format sarif",
    argv: connected(
      "changes",
      ...["--pipeline", "web-app-ci-cd", "--environment", "prod", "--format", "sarif"],
    ),
    code: 2,
    message: /--format/,
  },
  {
    name: "trace without --work-item",
    argv: connected("trace"),
    code: 2,
    message: /trace needs --work-item ID/,
  },
  {
    name: "an unknown --format",
    argv: connected("compliance", "--format", "xml"),
    code: 2,
    message:
      /--format must be one of table, json, sarif, csv, md \(got "xml"\)|--format must be one of .*\(got "xml"\)/,
  },
  {
    name: "an empty --format",
    argv: connected("inventory", "--format="),
    code: 2,
    message: /--format needs a value \(it was empty\)/,
  },
  {
    name: "an unknown --fail-on",
    argv: connected("compliance", "--fail-on", "critical"),
    code: 2,
    message: /--fail-on must be one of high, medium, low \(got "critical"\)/,
  },
  {
    name: "a mistyped flag",
    argv: connected("inventory", "--projet", "x"),
    code: 2,
    message: /^release-trace: Unknown flag --projet\. Did you mean --project\?$/m,
  },
  {
    name: "an unknown flag",
    argv: connected("inventory", "--verbose"),
    code: 2,
    message: /^release-trace: Unknown flag --verbose\.$/m,
  },
  {
    name: "an unknown short flag",
    argv: connected("inventory", "-x"),
    code: 2,
    message: /^release-trace: Unknown flag -x\.$/m,
  },
  {
    name: "a flag without its value",
    argv: () => ["inventory", "--org"],
    code: 2,
    message: /^release-trace: --org needs a value\.$/m,
  },
  {
    name: "a value for a switch",
    argv: () => ["inventory", "--demo=yes"],
    code: 2,
    message: /^release-trace: --demo is a switch and takes no value\.$/m,
  },
  {
    name: "a flag given twice",
    argv: connected("inventory", "--format", "json", "--format", "table"),
    code: 2,
    message: /--format is given more than once; give it once\./,
  },
  {
    name: "a flag of another command",
    argv: connected("inventory", "--work-item", "3"),
    code: 2,
    message: /--work-item does not apply to "inventory"/,
  },
  {
    name: "--demo with --org",
    argv: ({ org }) => ["inventory", "--demo", "--org", org],
    code: 2,
    message: /--demo uses its own organization and project; drop --org and --project/,
  },
  {
    name: "a malformed --fail-if",
    argv: connected("metrics", "--fail-if", "change-failure-rate=15%"),
    code: 2,
    message: /--fail-if "change-failure-rate=15%" is not METRIC OP VALUE/,
  },
  {
    name: "a --fail-if without its unit",
    argv: connected("metrics", "--fail-if", "lead-time>2"),
    code: 2,
    message: /--fail-if "lead-time>2": lead-time needs a unit of s, m, h, d or w/,
  },
  {
    name: "a --fail-if on an unknown metric",
    argv: connected("metrics", "--fail-if", "mttr>1h"),
    code: 2,
    message: /unknown metric "mttr"/,
  },
  {
    name: "a --since that is no date",
    argv: connected("metrics", "--since", "last week"),
    code: 2,
    message: /--since must be a UTC date \(2026-11-01\) or an instant with a zone/,
  },
  {
    name: "a --until that does not exist",
    argv: connected("metrics", "--until", "2026-02-30"),
    code: 2,
    message: /--until must be a UTC date/,
  },
  {
    name: "a window that ends before it starts",
    argv: connected("metrics", "--since", "2026-11-02", "--until", "2026-11-01"),
    code: 2,
    message: /--since must be before --until/,
  },
  {
    name: "--fail-if on another command",
    argv: connected("deployed", "--fail-if", "lead-time>1d"),
    code: 2,
    message: /--fail-if does not apply to "deployed"/,
  },
  {
    name: "metrics of a pipeline that does not exist",
    argv: connected("metrics", "--pipeline", "no-such-pipeline"),
    code: 2,
    message: /No YAML pipeline or Classic release definition named "no-such-pipeline"/,
  },
  {
    name: "--out into a missing folder",
    argv: connected("inventory", "--out", "no/such/folder/out.json"),
    code: 2,
    message: /--out: cannot write .*out\.json: no such file or directory\./,
  },
  {
    name: "--out onto a folder",
    argv: connected("inventory", "--out", "folder.yml"),
    code: 2,
    message: /--out: cannot write .*folder\.yml: it is a directory, not a file\./,
  },
];

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What a user should never have to decode: internal error names and errno codes. */
const JARGON = /unexpected error|TypeError|ReferenceError|ENOENT|EISDIR|ERR_PARSE_ARGS/;

jest.setTimeout(120_000);

describe("release-trace on bad input", () => {
  let emulator: Emulator;
  let cwd: string;
  let where: { org: string; project: string };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
    where = { org: emulator.orgUrl, project: emulator.project.name };
    cwd = mkdtempSync(join(tmpdir(), "release-trace-bad-input-"));
    for (const [name, text] of Object.entries(BASELINES)) writeFileSync(join(cwd, name), text);
    mkdirSync(join(cwd, "folder.yml"));
    for (const [name, target] of Object.entries(SPECIAL_FILES))
      symlinkSync(target, join(cwd, name));
    execFileSync("mkfifo", [join(cwd, "fifo.yml")]);
  });

  afterAll(async () => {
    await emulator.close();
  });

  function expectOneCleanMessage(stderr: string, message: RegExp, jargon = JARGON) {
    expect(stderr).toMatch(message);
    // One message: a single "release-trace:" line (a baseline's problems follow it indented).
    expect(stderr.match(/^release-trace: /gm)).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toMatch(jargon);
    expect(stderr).not.toContain(TOKEN);
  }

  it.each(cases)(
    "$name: exit $code and one clear message",
    async ({ argv, env, code, message }) => {
      const result = await runInProcess(argv(where), env ?? ENV, cwd);
      expectOneCleanMessage(result.stderr, message);
      // Whatever was given, the message stays short.
      expect(result.stderr.length).toBeLessThan(16_000);
      expect(result.stdout).toBe("");
      expect(result.code).toBe(code);
      if (code === 2) expect(result.stderr).toContain('Run "release-trace --help" for usage.');
    },
  );

  it("an unreachable organization: exit 1 and a network message", async () => {
    const org = `http://127.0.0.1:${await closedPort()}/fabrikam`;
    const result = await runInProcess(["inventory", "--org", org, "--project", "P"], ENV, cwd);
    expectOneCleanMessage(
      result.stderr,
      /^release-trace: Could not reach http:\/\/127\.0\.0\.1:\d+\/(?:fabrikam|tfs\/DefaultCollection): .*\. Check --org, the network and any proxy\.$/m,
      // The fetch error's own words pass through (under jest, from another realm: "TypeError").
      /unexpected error|ReferenceError/,
    );
    expect(result.code).toBe(1);
  });

  // openConnection makes no request, so these need no network.
  it("a project URL in --org without --project reads that project", async () => {
    const connection = await openConnection(
      { org: "https://dev.azure.com/fabrikam/Web%20Shop/_git/site", demo: false },
      ENV,
      () => undefined,
    );
    expect(connection.orgUrl).toBe("https://dev.azure.com/fabrikam");
    expect(connection.project).toBe("Web Shop");
    expect(projectInOrgUrl("https://fabrikam.visualstudio.com/DefaultCollection/Web")).toBe("Web");
    expect(projectInOrgUrl("https://fabrikam.visualstudio.com/Web/_boards")).toBe("Web");
    expect(projectInOrgUrl("https://dev.azure.com/fabrikam/_settings")).toBeUndefined();
    expect(projectInOrgUrl("https://dev.azure.com/fabrikam")).toBeUndefined();
    expect(projectInOrgUrl("http://127.0.0.1:8080/tfs/DefaultCollection")).toBeUndefined();
  });

  it("accepts the legacy visualstudio.com form and http on loopback", async () => {
    const legacy = await openConnection(
      { org: "https://Fabrikam.visualstudio.com/DefaultCollection", project: "Web", demo: false },
      ENV,
      () => undefined,
    );
    expect(legacy.orgUrl).toBe("https://fabrikam.visualstudio.com/DefaultCollection");
    expect(legacy.organization).toBe("fabrikam");
    for (const org of ["http://localhost:8080/tfs/DefaultCollection", "http://127.0.0.2/x"]) {
      const local = await openConnection({ org, project: "P", demo: false }, ENV, () => undefined);
      expect(local.orgUrl).toBe(org);
    }
  });

  it("accepts http to a server host only with --allow-http, and says the token is unencrypted", async () => {
    const org = "http://tfs.example.com/tfs/DefaultCollection";
    const warnings: string[] = [];
    const server = await openConnection(
      { org, project: "P", demo: false, allowHttp: true },
      ENV,
      (message) => warnings.push(message),
    );
    expect(server.orgUrl).toBe(org);
    expect(warnings.join("\n")).toMatch(/plain http:\/\/ \(--allow-http\): the token crosses/);
    await expect(
      openConnection({ org, project: "P", demo: false }, ENV, () => undefined),
    ).rejects.toThrow(/--allow-http/);
  });

  it("shows the stack trace only with --debug", async () => {
    const plain = await runInProcess(baseline("missing.yml")(where), ENV, cwd);
    const debug = await runInProcess([...baseline("missing.yml")(where), "--debug"], ENV, cwd);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(debug.code).toBe(plain.code);
  });
});
