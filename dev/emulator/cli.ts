/**
 * npm run emulator -- --port 8080 --seed 7 --size small
 * Prints the organisation URL and serves until Ctrl-C.
 */
import { DEMO_SEED, startEmulator, type EmulatorOptions, type FaultOptions } from "./index";

const USAGE = [
  "Usage: npm run emulator -- [--port N] [--seed S] [--size small|large] [--org NAME] [--verbose]",
  "          [--expose-all-headers]   (CORS: also Retry-After, X-RateLimit-*; the service does not)",
  "          [--server services|2022]   (2022: Azure DevOps Server 2022 at /tfs/DefaultCollection)",
  "          [--lenient-api-versions]   (accept any api-version; strict checking is the default)",
  "  faults: [--latency MS] [--throttle-burst COUNT[:RETRY_AFTER_S]] [--error-rate 0..1]",
  "          [--forbid-repo NAME]... [--truncated-pages]   (also: POST /_emulator/faults)",
  "          [--latency-spikes RATE:MS] [--retry-after-on-200 RATE:SECONDS] [--reset-rate 0..1]",
  "          [--repeating-token] [--malformed-json-rate 0..1] [--forbid-environment NAME]...",
  "          [--max-page-size N] [--fault-seed N]   (fault seed: the faults alone; data stays --seed)",
  "          [--empty-body-rate R] [--wrong-shape-rate R] [--sign-in-rate R] [--sign-in-203-rate R]",
  "          [--stall-rate R] [--duplicate-rate R] [--long-retry-after RATE:SECONDS] [--curable-only]",
].join("\n");

/** The rate faults (0..1) of issue 11, by flag. */
const RATE_FLAGS: Readonly<Record<string, keyof FaultOptions>> = {
  "--empty-body-rate": "emptyBodyRate",
  "--wrong-shape-rate": "wrongShapeRate",
  "--sign-in-rate": "signInPageRate",
  "--sign-in-203-rate": "signIn203Rate",
  "--stall-rate": "stalledAnswerRate",
  "--duplicate-rate": "duplicateAcrossPagesRate",
};

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

type CliOptions = EmulatorOptions & { verbose: boolean; faults: Partial<FaultOptions> };

/** A fraction from 0 to 1, or exit 2 naming the flag. */
function parseRate(flag: string, raw: string): number {
  const rate = Number(raw);
  if (raw.trim() === "" || !(rate >= 0 && rate <= 1))
    fail(`${flag} must be a number from 0 to 1, got '${raw}'.`);
  return rate;
}

/** RATE:AMOUNT with RATE in 0..1 and AMOUNT an integer in 0..max. */
function parseRateAnd(flag: string, raw: string, unit: string, max: number) {
  const match = /^([^:]+):(\d+)$/.exec(raw);
  if (!match || Number(match[2]) > max)
    fail(`${flag} must be RATE:${unit} with RATE 0..1 and ${unit} 0..${max}, got '${raw}'.`);
  return { rate: parseRate(flag, match[1]), amount: Number(match[2]) };
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    port: 0,
    seed: DEMO_SEED,
    size: "small",
    verbose: false,
    faults: {},
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const [name, inline] = flag.includes("=") ? flag.split(/=(.*)/s) : [flag, undefined];
    const value = () => {
      const next = inline ?? argv[++index];
      if (next === undefined || next.startsWith("--")) fail(`Missing value for ${name}.`);
      return next;
    };
    const rateFault = RATE_FLAGS[name];
    if (rateFault) {
      Object.assign(options.faults, { [rateFault]: parseRate(name, value()) });
      continue;
    }
    switch (name) {
      case "--long-retry-after": {
        const { rate, amount } = parseRateAnd(name, value(), "SECONDS", 3600);
        options.faults.longRetryAfter = { rate, seconds: amount };
        break;
      }
      case "--curable-only":
        options.faults.curableOnly = true;
        break;
      case "--port": {
        const raw = value();
        const port = Number(raw);
        if (!/^\d+$/.test(raw) || port > 65535)
          fail(`--port must be an integer from 0 to 65535, got '${raw}'.`);
        options.port = port;
        break;
      }
      case "--seed": {
        const raw = value();
        if (!/^\d+$/.test(raw) || Number(raw) > 0xffffffff)
          fail(`--seed must be a non-negative 32-bit integer, got '${raw}'.`);
        options.seed = Number(raw);
        break;
      }
      case "--size": {
        const raw = value();
        if (raw !== "small" && raw !== "large")
          fail(`--size must be 'small' or 'large', got '${raw}'.`);
        options.size = raw;
        break;
      }
      case "--org": {
        const raw = value();
        if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,49}$/.test(raw))
          fail(`--org must be letters, digits and dashes, got '${raw}'.`);
        options.org = raw;
        break;
      }
      case "--verbose":
        options.verbose = true;
        break;
      case "--expose-all-headers":
        options.exposeAllHeaders = true;
        break;
      case "--server": {
        const raw = value();
        if (raw !== "services" && raw !== "2022" && raw !== "server-2022")
          fail(`--server must be 'services' or '2022', got '${raw}'.`);
        options.server = raw === "services" ? "services" : "server-2022";
        break;
      }
      case "--lenient-api-versions":
        options.strictApiVersions = false;
        break;
      case "--latency": {
        const raw = value();
        if (!/^\d+$/.test(raw) || Number(raw) > 60000)
          fail(`--latency must be milliseconds from 0 to 60000, got '${raw}'.`);
        options.faults.latencyMs = Number(raw);
        break;
      }
      case "--throttle-burst": {
        const raw = value();
        const match = /^(\d+)(?::(\d+))?$/.exec(raw);
        if (!match)
          fail(`--throttle-burst must be COUNT or COUNT:RETRY_AFTER_SECONDS, got '${raw}'.`);
        options.faults.throttleBurst = {
          count: Number(match[1]),
          retryAfterSeconds: Number(match[2] ?? 1),
        };
        break;
      }
      case "--error-rate":
        options.faults.serverErrorRate = parseRate(name, value());
        break;
      case "--forbid-repo":
        options.faults.forbiddenRepositories = [
          ...(options.faults.forbiddenRepositories ?? []),
          value(),
        ];
        break;
      case "--truncated-pages":
        options.faults.truncatedPages = true;
        break;
      case "--latency-spikes": {
        const { rate, amount } = parseRateAnd(name, value(), "MS", 3000);
        options.faults.latencySpikes = { rate, ms: amount };
        break;
      }
      case "--retry-after-on-200": {
        const { rate, amount } = parseRateAnd(name, value(), "SECONDS", 3600);
        options.faults.retryAfterOn200 = { rate, seconds: amount };
        break;
      }
      case "--reset-rate":
        options.faults.connectionResetRate = parseRate(name, value());
        break;
      case "--repeating-token":
        options.faults.repeatingContinuationToken = true;
        break;
      case "--malformed-json-rate":
        options.faults.malformedJsonRate = parseRate(name, value());
        break;
      case "--forbid-environment":
        options.faults.forbiddenEnvironments = [
          ...(options.faults.forbiddenEnvironments ?? []),
          value(),
        ];
        break;
      case "--max-page-size": {
        const raw = value();
        if (!/^\d+$/.test(raw)) fail(`--max-page-size must be an integer >= 0, got '${raw}'.`);
        options.faults.maxPageSize = Number(raw);
        break;
      }
      case "--fault-seed": {
        const raw = value();
        if (!/^\d+$/.test(raw) || Number(raw) > 0xffffffff)
          fail(`--fault-seed must be a non-negative 32-bit integer, got '${raw}'.`);
        options.faultSeed = Number(raw);
        break;
      }
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        fail(`Unknown option '${flag}'.`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const { verbose, ...options } = parseArgs(process.argv.slice(2));
  const emulator = await startEmulator({
    ...options,
    log: verbose ? (line) => process.stdout.write(`${line}\n`) : undefined,
  });
  const { summary } = emulator;
  process.stdout.write(
    [
      `Azure DevOps emulator (seed ${options.seed}, ${options.size})`,
      `Server:           ${emulator.server === "services" ? "Azure DevOps Services" : "Azure DevOps Server 2022 (api-versions up to 7.0)"}${options.strictApiVersions === false ? ", any api-version accepted" : ""}`,
      `Organisation URL: ${emulator.orgUrl}`,
      `Main project:     ${emulator.project.name} (${emulator.project.id})`,
      `Demo data:        ${summary.repositories} repos, ${summary.policies} policies, ${summary.pipelines} pipelines, ` +
        `${summary.runs} runs, ${summary.environments} environments, ${summary.releaseDefinitions} release definitions, ` +
        `${summary.releases} releases, ${summary.workItems} work items`,
      `Faults:           ${Object.keys(options.faults).length > 0 ? JSON.stringify(options.faults) : "none"}`,
      "Any non-empty PAT or Bearer token is accepted. Control routes: /_emulator/stats, /_emulator/log, /_emulator/faults, /_emulator/reset",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The emulator could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
