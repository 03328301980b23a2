/** The rules of the supply-chain test, kept apart so the test can prove they catch what they should. */
export interface PipelineStep {
  script: string;
  env: Record<string, unknown>;
  /** A shell snippet from the README: run by a person, not a pipeline step with a mapped env. */
  shell?: boolean;
}

const TOKEN_IN_ENV = /AccessToken|TOKEN|_PAT\b|\$\(\s*[\w.]*pat[\w.]*\s*\)/i;
const INSTALL =
  /\b(?:npm\s+(?:install|i|add|ci|update)|yarn\s+(?:global\s+)?add|pnpm\s+(?:add|install|i))\b[^\n;&|]*/g;
const NPX = /\bnpx\s+(?!--no-install\b|--no\b)[^\n;&|]*/g;

function hasToken(step: PipelineStep): boolean {
  return Object.entries(step.env).some(
    ([name, value]) => TOKEN_IN_ENV.test(name) || TOKEN_IN_ENV.test(String(value)),
  );
}

/** Why a step's installs are unsafe; empty when they are not. */
export function installProblems(step: PipelineStep): string[] {
  const problems: string[] = [];
  const installs = [...step.script.matchAll(INSTALL)].map((match) => match[0].trim());
  const token = !step.shell && hasToken(step);
  if (token && installs.length > 0)
    problems.push(`installs beside a token: ${installs.join("; ")}`);
  if (token) {
    for (const npx of step.script.matchAll(NPX)) problems.push(`npx may download: ${npx[0]}`);
  }
  for (const install of installs) {
    if (/^npm\s+ci\b/.test(install)) continue; // the lock file pins every package by integrity
    const targets = install
      .split(/\s+/)
      .slice(2)
      .filter((word) => !word.startsWith("-") && word !== "add");
    if (targets.length === 0) continue; // `npm install` in a checkout: the lock file
    const tarballs = targets.every((target) => /\.tgz"?$/.test(target));
    const verified = /sha512/.test(step.script);
    if (!tarballs || !verified) problems.push(`unpinned install: ${install}`);
  }
  return problems;
}
