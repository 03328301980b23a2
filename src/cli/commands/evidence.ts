import { evidenceMarkdown } from "../../core/report/trace";
import { evidencePack, type EvidencePack, type EvidenceSubject } from "../../core/trace";
import { UsageError } from "../errors";
import { toJson } from "../output";
import type { CliCommand } from "./index";
import {
  checkProject,
  gapBaseline,
  parseId,
  partialExit,
  productionLine,
  queryError,
  sessionFor,
} from "./traceShared";

export const evidenceCommand: CliCommand = {
  name: "evidence",
  summary:
    "An evidence pack for one run or Classic release: work items, PRs, approvals, checks, gates and branch policies.",
  // The CLI's default format is "table"; for a pack that is the Markdown document.
  formats: ["md", "json", "table"],
  flags: ["run", "release", "baseline"],
  async run({ connection, format, write, warn, flags, production, cwd }) {
    const runId = parseId("run", flags.run);
    const releaseId = parseId("release", flags.release);
    if ((runId === undefined) === (releaseId === undefined)) {
      throw new UsageError("evidence needs exactly one of --run ID or --release ID.");
    }
    const subject: EvidenceSubject =
      runId !== undefined ? { runId } : { releaseId: releaseId as number };
    const baseline = gapBaseline(flags.baseline, cwd);
    const project = await checkProject(connection);
    const pattern = await production(project.id);
    let pack: EvidencePack;
    try {
      pack = await evidencePack(connection.sources, connection.project, subject, {
        session: sessionFor(connection, pattern, baseline),
      });
    } catch (error) {
      throw queryError(error, runId !== undefined ? `run ${runId}` : `release ${releaseId}`);
    }
    write(
      format === "json"
        ? toJson(pack)
        : `${evidenceMarkdown(pack, {
            organization: connection.organization,
            project: connection.project,
            generatedAt: new Date(),
          })}\n${productionLine(pattern)}`,
    );
    return partialExit(pack.notAvailable, warn);
  },
};
