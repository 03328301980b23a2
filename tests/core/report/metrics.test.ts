/** The delivery metrics in words: durations, rates, frequencies, and the text formats. */
import {
  durationText,
  figureText,
  frequencyText,
  metricsCsv,
  metricsMarkdown,
  rateText,
} from "../../../src/core/report/metrics";
import { History, metricsOf } from "../metrics/builders";
import { workedExample } from "../metrics/workedExample";
import { csvRecords } from "../../cli/helpers";

describe("delivery metrics in words", () => {
  it("says durations in their two largest units", () => {
    expect(
      [45, 35 * 60, 3 * 3600 + 20 * 60, 3 * 3600, 2 * 86_400 + 4 * 3600].map(durationText),
    ).toEqual(["45 s", "35 min", "3 h 20 min", "3 h", "2 d 4 h"]);
  });

  it("says rates and frequencies", () => {
    expect([0, 0.0526, 1 / 3, 1].map(rateText)).toEqual(["0%", "5.3%", "33.3%", "100%"]);
    expect([2.14, 1, 3 / 7, 1 / 30].map(frequencyText)).toEqual([
      "2.1/day",
      "1/day",
      "3/week",
      "0.2/week",
    ]);
  });

  it("says why a figure has no value", async () => {
    const report = await metricsOf(
      new History().run(1, { queued: 1 }).deploy(10, { run: 1, finished: 2 }),
    );
    const { figures } = report.total;
    expect(figureText(figures, "recoveryTime")).toBe("no failures");
    expect(figureText(figures, "leadTime")).toBe("no commits");
    expect(figureText(figures, "changeFailureRate")).toBe("0% (0 of 1, elite)");
  });

  it("writes the worked example as CSV and Markdown", async () => {
    const report = await metricsOf(workedExample());
    const records = csvRecords(metricsCsv(report));
    expect(records).toHaveLength(3);
    expect(records[2].slice(0, 3)).toEqual(["(total)", "", String(3 / 7)]);
    expect(records[2][8]).toBe("0.5");
    const md = metricsMarkdown(report);
    expect(md).toContain("| pipeline-1 | prod | 3/week (3 on 3 days, high) |");
    expect(md).toContain("- pipeline-1 2026.13 to prod: result failed; recovered in 22 h");
    expect(md).toContain("- pipeline-1 2026.13 to prod: incident 900; recovered in 6 h");
    expect(md).toContain("| 2026-W45 | 3/week | 4 h 30 min | 50% | 14 h | 33.3% |");
  });

  it("escapes names in Markdown", async () => {
    const history = workedExample();
    for (const record of history.records) record.pipeline.name = "web|<script>";
    const md = metricsMarkdown(await metricsOf(history));
    expect(md).not.toContain("<script>");
    expect(md).toContain("web\\|&lt;script&gt;");
  });
});
