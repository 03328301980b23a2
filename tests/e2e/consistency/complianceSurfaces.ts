/**
 * The compliance score widget and the CLI's `compliance` table: the one verdict both give for the
 * project under the built-in baseline, its score and how many results fail.
 */
import type { Frame } from "playwright-core";
import { cli, type CliContext } from "./cliSurfaces";
import type { ReadContext } from "./readContext";

const SUBJECT = "compliance of the project (built-in baseline)";

/** Each size of the compliance score widget. */
export async function readComplianceWidget(frames: Frame[], context: ReadContext): Promise<void> {
  for (const frame of frames) {
    const score = frame.getByLabel("Compliance score", { exact: true });
    await score.waitFor({ timeout: 30000 });
    context.log.add("compliance widget", SUBJECT, "score", (await score.innerText()).trim());
    // "38 failing results · 12 repositories in total"
    const failing = await frame
      .getByText(/\d+ failing results?\b/)
      .first()
      .innerText();
    const count = /(\d+) failing result/.exec(failing)?.[1] ?? "?";
    context.log.add("compliance widget", SUBJECT, "failing", count);
  }
}

/** `compliance` (table): "Score: 48.9% (…)" and "Results: pass 25, fail 38, …". */
export async function readCliCompliance(context: CliContext): Promise<void> {
  const text = await cli(context, "compliance");
  context.log.add("cli compliance", SUBJECT, "score", /^Score: (\S+)/m.exec(text)?.[1] ?? "?");
  context.log.add(
    "cli compliance",
    SUBJECT,
    "failing",
    /^Results: .*\bfail (\d+)/m.exec(text)?.[1] ?? "?",
  );
}
