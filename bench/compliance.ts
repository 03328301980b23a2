/**
 * Compliance scan vs. the naive per-repository approach on the large demo organization.
 *
 * - scan: scanCompliance with the built-in baseline (one repository listing, one paged policy
 *   listing for the project, scope resolution on the client);
 * - naive: a repository listing, then per repository `git/policy/configurations?repositoryId&refName`
 *   for its default branch (the service resolves the scopes), six requests in flight.
 *
 * - all rules: scanCompliance with tests/fixtures/baselines/all-rules.yml (every rule, including
 *   repository, environment and Classic rules, and release/* branch patterns), calls by area.
 *
 * All run in the same process against the same emulator with the same injected latency. The
 * naive answers double as a cross-check of the engine's scope resolution: for every default branch
 * the set of applicable policy ids must be the same.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator } from "../dev/emulator";
import { createAdoSources, patAuth } from "../src/adapters/ado";
import { loadBaseline } from "../src/cli/commands/complianceBaseline";
import { defaultBaseline } from "../src/core/compliance/baseline/default";
import { scanCompliance } from "../src/core/compliance/scan";
import { policiesForDefaultBranch } from "../src/core/compliance/scope";
import {
  countingFetch,
  mapWithConcurrency,
  measure,
  measurementTable,
  ratio,
  seconds,
  type BenchScenario,
} from "./lib";

const SEED = 1;
const SIZE = "large";
const LATENCY_MS = 50;
const NAIVE_CONCURRENCY = 6;
const TOKEN = "bench-token";
const ALL_RULES = join(__dirname, "..", "tests", "fixtures", "baselines", "all-rules.yml");

interface RepositoryWire {
  id: string;
  name: string;
  defaultBranch?: string;
  isDisabled?: boolean;
}

interface ListWire<T> {
  value: T[];
}

/** Applicable policy ids per repository id, for the repositories' default branches. */
type ApplicableIds = Map<string, number[]>;

async function naivePerRepository(
  orgUrl: string,
  project: string,
): Promise<{ calls: number; value: ApplicableIds }> {
  const http = countingFetch(`Basic ${Buffer.from(`:${TOKEN}`).toString("base64")}`);
  const base = `${orgUrl}/${encodeURIComponent(project)}/_apis`;
  const listing = await http.getJson(`${base}/git/repositories?api-version=7.1`);
  // Disabled and empty repositories have no default branch to protect, as in the engine.
  const repositories = (listing.body as ListWire<RepositoryWire>).value.filter(
    (repository) => !repository.isDisabled && repository.defaultBranch,
  );
  const applicable: ApplicableIds = new Map();
  await mapWithConcurrency(repositories, NAIVE_CONCURRENCY, async (repository) => {
    const ids: number[] = [];
    let continuationToken: string | null = null;
    do {
      const query = new URLSearchParams({
        repositoryId: repository.id,
        refName: repository.defaultBranch!,
        "api-version": "7.1",
      });
      if (continuationToken) query.set("continuationToken", continuationToken);
      const page = await http.getJson(`${base}/git/policy/configurations?${query}`);
      ids.push(...(page.body as ListWire<{ id: number }>).value.map((policy) => policy.id));
      continuationToken = page.headers.get("x-ms-continuationtoken");
    } while (continuationToken);
    applicable.set(
      repository.id,
      ids.sort((a, b) => a - b),
    );
  });
  return { calls: http.calls(), value: applicable };
}

/** Repositories whose applicable policy ids differ between the two approaches, described. */
function mismatches(engine: ApplicableIds, naive: ApplicableIds, names: Map<string, string>) {
  const problems: string[] = [];
  for (const id of new Set([...engine.keys(), ...naive.keys()])) {
    const left = engine.get(id);
    const right = naive.get(id);
    const name = names.get(id) ?? id;
    if (!left || !right) {
      problems.push(`${name}: evaluated by ${left ? "the engine" : "the naive approach"} only`);
    } else if (left.join(",") !== right.join(",")) {
      problems.push(`${name}: engine [${left.join(", ")}] vs. service [${right.join(", ")}]`);
    }
  }
  return problems;
}

export const complianceScenario: BenchScenario = {
  name: "compliance",
  async run(log) {
    const emulator = await startEmulator({
      port: 0,
      seed: SEED,
      size: SIZE,
      faults: { latencyMs: LATENCY_MS },
    });
    try {
      const project = emulator.project.name;
      log(
        `compliance: ${SIZE} demo org (seed ${SEED}), ${emulator.summary.repositories} repositories and ${emulator.summary.policies} policies in the organization, ${LATENCY_MS} ms latency`,
      );
      const ado = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth(TOKEN) });
      // When evaluation starts and ends, to split the wall time into reading and evaluating.
      const marks: Partial<Record<"start" | "end", number>> = {};
      const scan = await measure("Compliance scan (engine)", async () => {
        const evaluation = await scanCompliance(ado.sources, {
          organization: emulator.summary.org,
          project,
          baseline: defaultBaseline(),
          now: new Date(),
          onProgress: (step, done) => {
            if (step === "evaluate") marks[done === 0 ? "start" : "end"] = performance.now();
          },
        });
        return { calls: ado.calls().total, value: evaluation };
      });
      const evaluateMs = (marks.end ?? 0) - (marks.start ?? 0);
      log(
        `  scan:  ${scan.calls} calls, ${seconds(scan.ms)} (${seconds(scan.ms - evaluateMs)} reading, ${seconds(evaluateMs)} evaluating)`,
      );
      const naive = await measure(
        `Naive: git/policy/configurations per repository (concurrency ${NAIVE_CONCURRENCY})`,
        () => naivePerRepository(emulator.orgUrl, project),
      );
      log(`  naive: ${naive.calls} calls, ${seconds(naive.ms)}`);
      log(`  ratio: ${ratio(naive.calls, scan.calls)} calls, ${ratio(naive.ms, scan.ms)} time`);

      const everything = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth(TOKEN) });
      const allRulesBaseline = loadBaseline(ALL_RULES, process.cwd());
      const allRules = await measure("Compliance scan, every rule (all-rules.yml)", async () => {
        const evaluation = await scanCompliance(everything.sources, {
          organization: emulator.summary.org,
          project,
          baseline: allRulesBaseline,
          now: new Date(),
        });
        return { calls: everything.calls().total, value: evaluation };
      });
      const byArea = Object.entries(everything.calls().byArea)
        .map(([area, count]) => `${area} ${count}`)
        .join(", ");
      log(`  all rules: ${allRules.calls} calls (${byArea}), ${seconds(allRules.ms)}`);

      // Cross-check, outside the measurements: the engine's scope resolution on the same data.
      const check = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth(TOKEN) });
      const projectId = scan.value.projectId;
      const [repositories, policies] = await Promise.all([
        check.sources.git.listRepositories(projectId),
        check.sources.policy.listPolicyConfigurations(projectId),
      ]);
      const evaluated = repositories.filter((r) => !r.isDisabled && r.defaultBranch);
      const engine: ApplicableIds = new Map(
        evaluated.map((repository) => [
          repository.id,
          policiesForDefaultBranch(policies, repository)
            .map((policy) => policy.id)
            .sort((a, b) => a - b),
        ]),
      );
      const names = new Map(repositories.map((repository) => [repository.id, repository.name]));
      const problems = mismatches(engine, naive.value, names);
      const withPolicies = [...engine.values()].filter((ids) => ids.length > 0).length;
      // Many different sets show the comparison exercised repository- and branch-scoped policies.
      const distinctSets = new Set([...engine.values()].map((ids) => ids.join(","))).size;
      log(
        problems.length === 0
          ? `  cross-check: the same applicable policies for all ${engine.size} default branches (${withPolicies} with at least one policy, ${distinctSets} distinct sets)`
          : `  cross-check: ${problems.length} mismatch(es)`,
      );

      const { summary } = scan.value;
      const markdown = [
        "## Compliance scan vs. naive per-repository policy calls",
        "",
        `Setup: demo organization size \`${SIZE}\`, seed ${SEED}, ${LATENCY_MS} ms latency injected on every API response; main project "${project}" with ${repositories.length} repositories (${evaluated.length} with a default branch to evaluate) and ${policies.length} policy configurations (the organization: ${emulator.summary.repositories} repositories, ${emulator.summary.policies} policies). Both approaches run in the same process against the same emulator, one after the other.`,
        "",
        measurementTable([scan, naive, allRules], scan),
        "",
        `- Scan: project lookup, one repository listing, one paged policy-configuration listing for the project (built-in baseline, default branches only, so no refs). Of its wall time, ${seconds(scan.ms - evaluateMs)} went to reading and ${seconds(evaluateMs)} to evaluating (CPU, in this process). ${scan.value.results.length} results, score ${summary.score ?? "n/a"}%.`,
        `- Naive: one repository listing, then \`GET {project}/_apis/git/policy/configurations?repositoryId={id}&refName={defaultBranch}\` per repository (following \`x-ms-continuationtoken\`), ${NAIVE_CONCURRENCY} requests in flight; it only fetches the policies, it evaluates nothing.`,
        `- Cross-check of the engine's scope resolution against the service's: ${
          problems.length === 0
            ? `the same set of applicable policy ids for all ${engine.size} default branches (${withPolicies} of them have at least one applicable policy; ${distinctSets} distinct sets).`
            : `${problems.length} repositories differ:`
        }`,
        ...problems.map((problem) => `  - ${problem}`),
        `- Every rule (\`tests/fixtures/baselines/all-rules.yml\`: the seven branch rules on default and \`refs/heads/release/*\` branches, three repository-policy rules, two environment rules and the Classic rule): ${allRules.calls} calls by area: ${byArea}. The \`git\` calls are the refs of each repository, needed only because the baseline names a branch pattern; environments, their checks (one query for every \`prod*\` environment) and release definitions take one listing each. ${allRules.value.results.length} results, score ${allRules.value.summary.score ?? "n/a"}%; targets evaluated: ${Object.entries(
          allRules.value.summary.coverage,
        )
          .filter(([, entry]) => entry.pattern !== undefined)
          .map(([id, entry]) => `${id} ${entry.evaluated} of ${entry.total ?? "?"}`)
          .join(", ")}.`,
        "",
      ].join("\n");
      return { markdown, problems };
    } finally {
      await emulator.close();
    }
  },
};
