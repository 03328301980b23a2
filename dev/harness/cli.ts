/**
 * npm run harness [-- --org https://dev.azure.com/ORG --project NAME] [--host-port N] [--ext-port N]
 *                 [--emulator-port N] [--seed N] [--size small|large] [--hostile]
 *                 [--host-variant current|legacy|legacy-no-context|no-web-context|empty-web-context]
 *
 * --host-variant picks the handshake every page sends (one page can ask for another with
 * ?host-variant=NAME); the registration timing is always the real host's.
 * --hostile fills the demo's titles, branch names, comments and names with script-looking text.
 *
 * Without --org the emulator starts in-process with a demo organisation. With --org the PAT is
 * read from AZURE_DEVOPS_TOKEN (never from the command line) and stays on the harness server.
 */
import { parseArgs } from "node:util";
import { HOST_VARIANTS } from "./client/config";
import { parseHostVariant } from "./index";
import { banner, closeOnSignal, launchDemo, launchRealOrganization, Launched } from "./launch";

const USAGE =
  "usage: npm run harness [-- --org https://dev.azure.com/ORG --project NAME] [--host-port N] [--ext-port N] [--emulator-port N] [--seed N] [--size small|large] [--hostile] [--host-variant NAME] [--server services|2022]";

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`${name} must be a port number`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      org: { type: "string" },
      project: { type: "string" },
      "host-port": { type: "string" },
      "ext-port": { type: "string" },
      "emulator-port": { type: "string" },
      seed: { type: "string" },
      size: { type: "string" },
      hostile: { type: "boolean" },
      "host-variant": { type: "string" },
      server: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const hostPort = port(values["host-port"], "--host-port");
  const extPort = port(values["ext-port"], "--ext-port");
  const hostVariant =
    values["host-variant"] === undefined ? undefined : parseHostVariant(values["host-variant"]);
  if (values["host-variant"] !== undefined && !hostVariant) {
    throw new Error(`--host-variant must be one of ${HOST_VARIANTS.join(", ")}`);
  }
  let launched: Launched;
  if (values.org) {
    const token = process.env.AZURE_DEVOPS_TOKEN;
    if (!token) throw new Error("--org needs a personal access token in AZURE_DEVOPS_TOKEN");
    if (!values.project) throw new Error("--org needs --project NAME");
    launched = await launchRealOrganization({
      organization: { orgUrl: values.org.replace(/\/+$/, ""), token },
      projectName: values.project,
      hostPort,
      extPort,
      hostVariant,
    });
  } else {
    if (values.size !== undefined && values.size !== "small" && values.size !== "large") {
      throw new Error("--size must be small or large");
    }
    if (values.server !== undefined && values.server !== "services" && values.server !== "2022") {
      throw new Error("--server must be services or 2022");
    }
    launched = await launchDemo({
      server: values.server === "2022" ? "server-2022" : "services",
      seed: values.seed !== undefined ? Number(values.seed) : undefined,
      size: values.size,
      hostile: values.hostile,
      emulatorPort: port(values["emulator-port"], "--emulator-port"),
      hostPort,
      extPort,
      hostVariant,
    });
  }
  console.log(banner(launched));
  console.log("Press Ctrl-C to stop.");
  await closeOnSignal(launched, (line) => console.log(line));
}

main().catch((error: unknown) => {
  console.error(`harness: ${(error as Error).message}`);
  console.error(USAGE);
  process.exit(1);
});
