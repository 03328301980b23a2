/** Shared by `npm start` and `npm run harness`: demo (emulator in-process) or real organisation. */
import type { ServerTarget } from "../../src/adapters/ado/apiVersions";
import { createServer } from "node:net";
import { startEmulator } from "../emulator/index";
import type { HostVariant } from "./client/config";
import { RunningHarness, startHarness } from "./index";
import { WIDGET_TYPE } from "./manifest";
import type { RealOrganization } from "./upstream";

export interface DemoLaunchOptions {
  /** Services (default), or Azure DevOps Server 2022 for the emulator and the host. */
  server?: ServerTarget;
  seed?: number;
  size?: "small" | "large";
  /** Dates of the demo data hang off this instant (e.g. now, so ages look current). */
  anchor?: Date;
  /** Script-looking text in every user-controlled field of the demo (see the emulator option). */
  hostile?: boolean;
  emulatorPort?: number;
  hostPort?: number;
  extPort?: number;
  rootDir?: string;
  hostVariant?: HostVariant;
}

export interface Launched {
  harness: RunningHarness;
  /** What the harness talks to, for the banner. */
  description: string;
  close(): Promise<void>;
}

/** The port itself if nothing listens on it, else 0 (= any free port). */
export function portOrRandom(port: number | undefined): Promise<number> {
  if (!port) return Promise.resolve(0);
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once("error", () => resolvePort(0));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolvePort(port)));
  });
}

function variantNote(variant: HostVariant | undefined): string {
  return variant && variant !== "current" ? `, ${variant} host handshake` : "";
}

export async function launchDemo(options: DemoLaunchOptions = {}): Promise<Launched> {
  const emulator = await startEmulator({
    port: await portOrRandom(options.emulatorPort),
    seed: options.seed,
    size: options.size ?? "small",
    anchor: options.anchor,
    hostile: options.hostile,
    server: options.server,
  });
  try {
    const harness = await startHarness({
      server: emulator.server,
      emulatorOrgUrl: emulator.orgUrl,
      projectName: emulator.project.name,
      projectId: emulator.project.id,
      hostPort: await portOrRandom(options.hostPort),
      extPort: await portOrRandom(options.extPort),
      rootDir: options.rootDir,
      hostVariant: options.hostVariant,
      // Shared settings live in the emulator, as in the service: the demo's score history shows.
      serviceExtensionData: true,
    });
    return {
      harness,
      description: `${options.hostile ? "hostile " : ""}demo organisation from the emulator at ${emulator.orgUrl}${variantNote(options.hostVariant)}`,
      close: async () => {
        await harness.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

export async function launchRealOrganization(options: {
  organization: RealOrganization;
  projectName: string;
  hostPort?: number;
  extPort?: number;
  rootDir?: string;
  hostVariant?: HostVariant;
}): Promise<Launched> {
  const harness = await startHarness({
    realOrganization: options.organization,
    projectName: options.projectName,
    hostPort: await portOrRandom(options.hostPort),
    extPort: await portOrRandom(options.extPort),
    rootDir: options.rootDir,
    hostVariant: options.hostVariant,
  });
  return {
    harness,
    description: `real organisation ${options.organization.orgUrl} (through the harness proxy)${variantNote(options.hostVariant)}`,
    close: () => harness.close(),
  };
}

export function banner(launched: Launched): string {
  const { harness } = launched;
  const widgets = harness.manifest.contributions.filter((c) => c.type === WIDGET_TYPE);
  const lines = [
    `Azure DevOps host harness: ${launched.description}`,
    `  Overview   ${harness.url}/`,
    `  Hub        ${harness.url}/hub`,
    `  Work item  ${harness.url}/work-item/<id>   (the overview lists work items with artifact links)`,
    `  Dashboard  ${harness.url}/dashboard`,
    ...widgets
      .filter((widget) => widget.configurationId)
      .map((widget) => `  Configure  ${harness.url}/dashboard/configure/${widget.id}`),
    `  Extension files (baseUri) ${harness.extensionUrl}/   · add ?theme=dark to any page`,
  ];
  return lines.join("\n");
}

/** Runs until SIGINT/SIGTERM, then closes everything. */
export function closeOnSignal(launched: Launched, log: (line: string) => void): Promise<void> {
  return new Promise((resolveDone) => {
    let closing = false;
    const stop = () => {
      if (closing) return;
      closing = true;
      log("Shutting down…");
      void launched.close().then(resolveDone);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
