import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Card } from "azure-devops-ui/Card";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import type { Outcome, Severity } from "../../core/compliance/types";
import { useUiEnvironment } from "../context";
import {
  builtInChoice,
  describeChoice,
  isBaselineProblem,
  loadBaseline,
  readBaselineChoice,
  type BaselineChoice,
} from "../compliance/baseline";
import { downloadExport, exportFormats, type ExportFormat } from "../compliance/exports";
import { snapshotOf, type ScoreSnapshot } from "../compliance/history";
import { scoreTrend } from "../compliance/scoreTrend";
import {
  buildRowsInSlices,
  filterRows,
  noFilters,
  outcomeLabels,
  outcomeOrder,
  ruleSeverities,
  visibleRules,
  type MatrixFilters,
  type MatrixRows,
} from "../compliance/matrix";
import {
  runComplianceScan,
  scanStepLabel,
  type ComplianceScan,
  type ScanProgress,
} from "../compliance/scan";
import { recordSnapshot, storeKeys, useComplianceEnvironment } from "../compliance/storage";
import { describeError } from "../errors";
import { plural } from "../format";
import { BaselinePicker, type RepositoryOption } from "./BaselinePicker";
import { ComplianceEvidencePanel } from "./ComplianceEvidencePanel";
import { ComplianceMatrix, rowKey, type CellSelection } from "./ComplianceMatrix";
import { ErrorCard } from "./ErrorCard";
import { NotAvailableNotice } from "./NotAvailableNotice";
import { TrendChart } from "./charts/TrendChart";
import {
  ListFilterBar,
  choicesOf,
  keywordOf,
  type FilterField,
  type FilterValues,
} from "./ListFilterBar";
import { useProduction } from "../production/ProductionProvider";
import { needsProduction } from "../../core/compliance/scan";
import { ProductionPatternNote } from "./ProductionPatternNote";
import "./compliance.css";

type ScanState =
  | { status: "running"; progress?: ScanProgress }
  | { status: "done"; scan: ComplianceScan; rows: MatrixRows }
  | { status: "failed"; error: unknown; baselineProblem: boolean };

/** The matrix's filters: repository name, rule, outcome and severity (one of each). */
function filterFields(rules: ReadonlyArray<{ id: string; title: string }>): FilterField[] {
  return [
    { key: "search", label: "Repository name" },
    {
      key: "rule",
      label: "Rule",
      single: true,
      options: rules.map((rule) => ({ id: rule.id, text: rule.title })),
    },
    {
      key: "outcome",
      label: "Outcome",
      single: true,
      options: outcomeOrder.map((outcome) => ({ id: outcome, text: outcomeLabels[outcome] })),
    },
    {
      key: "severity",
      label: "Severity",
      single: true,
      options: [
        { id: "high", text: "High" },
        { id: "medium", text: "Medium" },
        { id: "low", text: "Low" },
      ],
    },
  ];
}

function matrixFilters(values: FilterValues): MatrixFilters {
  const [ruleId] = choicesOf(values, "rule");
  const [outcome] = choicesOf(values, "outcome");
  const [severity] = choicesOf(values, "severity");
  return {
    ruleId,
    outcome: outcome as Outcome | undefined,
    severity: severity as Severity | undefined,
    search: keywordOf(values, "search"),
  };
}

function scoreText(score: number | null): string {
  return score === null ? "N/A" : `${score}%`;
}

/** The score history as a line chart on a fitted axis, or why there is none yet. */
function ScoreTrendChart(props: { history: ScoreSnapshot[] }) {
  const trend = scoreTrend(props.history);
  if (!trend.chart) return <span className="rt-muted rt-trend-empty">{trend.emptyText}</span>;
  return <TrendChart {...trend.chart} fit width={440} height={120} />;
}

function ScanProgressView(props: { progress?: ScanProgress }) {
  const { progress } = props;
  const share = progress && progress.total > 0 ? progress.done / progress.total : 0;
  const label = progress
    ? `${scanStepLabel(progress.step)}${progress.total > 1 ? ` ${progress.done}/${progress.total}` : ""}…`
    : "Reading the baseline…";
  return (
    <div className="flex-column rhythm-vertical-8 padding-16" aria-live="polite">
      <span>{label}</span>
      <div
        className="rt-progress"
        role="progressbar"
        aria-label="Compliance scan progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        aria-valuetext={label}
      >
        <div style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
    </div>
  );
}

/** The Compliance tab: baseline, scan with progress, score and trend, matrix, drill-down, exports. */
export function ComplianceTab() {
  const { sources, project, restCalls } = useUiEnvironment();
  const { projectId, organization, orgUrl, store, now } = useComplianceEnvironment();
  const clock = React.useMemo(() => now ?? (() => new Date()), [now]);
  const production = useProduction();

  const [choice, setChoice] = React.useState<BaselineChoice | undefined>(undefined);
  const [choiceNote, setChoiceNote] = React.useState<string | undefined>(undefined);
  const [repositories, setRepositories] = React.useState<RepositoryOption[] | undefined>();
  const [scanState, setScanState] = React.useState<ScanState>({ status: "running" });
  // The last finished scan and its baseline: a rescan that runs or fails keeps showing it.
  const lastScan = React.useRef<
    { scan: ComplianceScan; rows: MatrixRows; choice: BaselineChoice } | undefined
  >(undefined);
  const [scanCount, setScanCount] = React.useState(0);
  const [history, setHistory] = React.useState<ScoreSnapshot[]>([]);
  const [historyNote, setHistoryNote] = React.useState<string | undefined>(undefined);
  const [filters, setFilters] = React.useState<MatrixFilters>(noFilters);
  const [selection, setSelection] = React.useState<CellSelection | undefined>(undefined);
  const [exported, setExported] = React.useState<string | undefined>(undefined);

  // The saved baseline choice of this project (the built-in one when none or unreadable).
  React.useEffect(() => {
    let current = true;
    store.get<unknown>(storeKeys.baselineChoice(projectId)).then(
      (saved) => {
        if (!current) return;
        const { choice: read, problem } = readBaselineChoice(saved);
        setChoice(read);
        setChoiceNote(problem);
      },
      (error: unknown) => {
        if (!current) return;
        setChoice(builtInChoice);
        setChoiceNote(
          `${describeError(error, "The saved baseline choice could not be read").detail} Using the built-in baseline.`,
        );
      },
    );
    return () => {
      current = false;
    };
  }, [store, projectId]);

  // Scan whenever the baseline choice changes or a rescan is asked for.
  React.useEffect(() => {
    // The saved production pattern first: rules without a pattern of their own select by it.
    if (!choice || production.loading) return;
    let current = true;
    setScanState({ status: "running" });
    setSelection(undefined);
    (async () => {
      const baseline = await loadBaseline(sources, project, choice);
      const scan = await runComplianceScan(sources, {
        organization,
        project,
        baseline,
        now: clock(),
        restCalls,
        orgUrl,
        production: production.pattern,
        onProgress: (progress) => current && setScanState({ status: "running", progress }),
      });
      if (!current) return;
      // The matrix rows in slices between browser tasks: a thousand repositories' worth of
      // results must not freeze the tab in one long task.
      const rows = await buildRowsInSlices(scan.results);
      if (!current) return;
      lastScan.current = { scan, rows, choice };
      setScanState({ status: "done", scan, rows });
      setRepositories(scan.repositories.map(({ id, name }) => ({ id, name })));
      const snapshot = snapshotOf(scan.summary, scan.baseline.name, scan.generatedAt, "view");
      try {
        const updated = await recordSnapshot(store, scan.project.id, snapshot);
        if (current) {
          setHistory(updated);
          setHistoryNote(undefined);
        }
      } catch (error) {
        if (current) {
          setHistory([snapshot]);
          setHistoryNote(describeError(error, "The score history could not be saved").detail);
        }
      }
    })().catch((error: unknown) => {
      if (current) {
        setScanState({ status: "failed", error, baselineProblem: isBaselineProblem(error) });
      }
    });
    return () => {
      current = false;
    };
  }, [
    choice,
    scanCount,
    sources,
    project,
    organization,
    orgUrl,
    clock,
    store,
    projectId,
    restCalls,
    production.loading,
    production.pattern,
  ]);

  const changeChoice = React.useCallback(
    (next: BaselineChoice) => {
      setChoice(next);
      setChoiceNote(undefined);
      store.set(storeKeys.baselineChoice(projectId), next).catch((error: unknown) => {
        setChoiceNote(describeError(error, "The baseline choice could not be saved").detail);
      });
    },
    [store, projectId],
  );

  // The repository list for the picker: from the last scan, or read when the scan never ran.
  React.useEffect(() => {
    if (choice?.kind !== "repository" || repositories !== undefined) return;
    let current = true;
    sources.git.listRepositories(project).then(
      (found) => current && setRepositories(found.map(({ id, name }) => ({ id, name }))),
      () => current && setRepositories([]),
    );
    return () => {
      current = false;
    };
  }, [choice, repositories, sources, project]);

  const previous = lastScan.current;
  const shownScan =
    scanState.status === "done" ? scanState : previous?.choice === choice ? previous : undefined;
  const scan = shownScan?.scan;
  const rows = shownScan?.rows;
  const severities = React.useMemo(
    () => (scan ? ruleSeverities(scan.rules, scan.results) : new Map<string, Severity>()),
    [scan],
  );
  const rules = React.useMemo(
    () => (scan ? visibleRules(scan.rules, severities, filters) : []),
    [scan, severities, filters],
  );
  // Each table gets the rules that produced results for its kind of target.
  const repositoryRules = React.useMemo(
    () => rules.filter((rule) => rows?.repositories.some((row) => row.cells.has(rule.id))),
    [rules, rows],
  );
  const otherRules = React.useMemo(
    () => rules.filter((rule) => rows?.others.some((row) => row.cells.has(rule.id))),
    [rules, rows],
  );
  const repositoryRows = React.useMemo(
    () => (rows ? filterRows(rows.repositories, repositoryRules, filters) : []),
    [rows, repositoryRules, filters],
  );
  const otherRows = React.useMemo(
    () => (rows ? filterRows(rows.others, otherRules, filters) : []),
    [rows, otherRules, filters],
  );
  const openCell = React.useCallback((next: CellSelection) => setSelection(next), []);
  const selectedRow = selection
    ? [...(rows?.repositories ?? []), ...(rows?.others ?? [])].find(
        (row) => rowKey(row) === selection.rowKey,
      )
    : undefined;
  const selectedCell = selection ? selectedRow?.cells.get(selection.ruleId) : undefined;

  const exportAs = (format: ExportFormat) => {
    if (scan) setExported(downloadExport(scan, format));
  };

  return (
    <div className="rt-compliance flex-column rhythm-vertical-16">
      <Card>
        <div className="flex-column rhythm-vertical-8 flex-grow rt-picker-width">
          {choice ? (
            <BaselinePicker
              idPrefix="rt-compliance-baseline"
              choice={choice}
              repositories={repositories}
              onChange={changeChoice}
            />
          ) : (
            <span className="rt-muted">Reading the saved baseline choice…</span>
          )}
          {choiceNote && <div className="rt-muted">{choiceNote}</div>}
          {scan && (
            <div className="rt-muted">
              Using {scan.baseline.name} ({scan.baseline.source}) ·{" "}
              {plural(scan.rules.length, "rule")} · branches: {scan.baseline.branches.join(", ")}
            </div>
          )}
          {scan && needsProduction(scan.baseline) && (
            <ProductionPatternNote idPrefix="rt-compliance" />
          )}
        </div>
      </Card>

      {scanState.status === "running" && <ScanProgressView progress={scanState.progress} />}
      {scanState.status === "failed" &&
        (scanState.baselineProblem ? (
          <MessageCard severity={MessageCardSeverity.Error} role="alert">
            <div className="flex-column">
              <span className="font-weight-semibold">
                The baseline {choice ? describeChoice(choice) : ""} cannot be used
              </span>
              <span className="rt-pre-line">
                {scanState.error instanceof Error
                  ? scanState.error.message
                  : String(scanState.error)}
              </span>
            </div>
          </MessageCard>
        ) : (
          <ErrorCard
            error={scanState.error}
            whatFailed={
              scan
                ? "Could not rescan; the results below are from the previous scan"
                : "Could not run the compliance scan"
            }
          />
        ))}

      {scan && <NotAvailableNotice notes={scan.notAvailable} />}
      {scan && rows && (
        <>
          <Card>
            <div className="flex-column flex-grow rhythm-vertical-8">
              <div className="flex-row flex-wrap flex-grow rhythm-horizontal-16 flex-center">
                <div className="flex-column">
                  <span className="rt-muted">Project score</span>
                  <span className="rt-project-score" aria-label="Project score">
                    {scoreText(scan.summary.score)}
                  </span>
                </div>
                <div className="flex-column flex-grow rhythm-vertical-4">
                  <span aria-label="Outcome counts">
                    {outcomeOrder
                      .filter((outcome) => scan.summary.byOutcome[outcome] > 0)
                      .map(
                        (outcome) =>
                          `${scan.summary.byOutcome[outcome]} ${outcomeLabels[outcome].toLowerCase()}`,
                      )
                      .join(" · ")}
                  </span>
                  <span className="rt-muted">
                    {plural(scan.repositories.length, "repository", "repositories")} ·{" "}
                    {plural(scan.results.length, "result")} · weighted share of passing results
                    (high 3, medium 2, low 1)
                  </span>
                  <ScoreTrendChart history={history} />
                  {historyNote && <span className="rt-muted">{historyNote}</span>}
                </div>
              </div>
              <div className="flex-row flex-wrap rt-toolbar" aria-label="Export">
                {exportFormats.map(({ format, label }) => (
                  <Button
                    key={format}
                    text={label}
                    iconProps={{ iconName: "Download" }}
                    ariaLabel={`Download the report as ${label}`}
                    onClick={() => exportAs(format)}
                  />
                ))}
                <Button
                  text="Rescan"
                  iconProps={{ iconName: "Refresh" }}
                  onClick={() => setScanCount((count) => count + 1)}
                />
              </div>
              {exported && (
                <div className="rt-muted" role="status">
                  Downloaded {exported}
                </div>
              )}
            </div>
          </Card>

          <ListFilterBar
            label="Filters"
            fields={filterFields(scan.rules)}
            onChange={(values) => setFilters(matrixFilters(values))}
          />

          <Card
            className="bolt-table-card"
            contentProps={{ contentPadding: false }}
            titleProps={{
              text: `Repositories (${repositoryRows.length} of ${rows.repositories.length})`,
            }}
          >
            {repositoryRows.length > 0 ? (
              <ComplianceMatrix
                rows={repositoryRows}
                rules={repositoryRules}
                nameHeader="Repository"
                ariaLabel="Repositories by rule"
                onOpen={openCell}
              />
            ) : (
              <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
                No repository matches the filters.
              </div>
            )}
          </Card>

          {rows.others.length > 0 && (
            <Card
              className="bolt-table-card"
              contentProps={{ contentPadding: false }}
              titleProps={{
                text: `Environments and release stages (${otherRows.length} of ${rows.others.length})`,
              }}
            >
              {otherRows.length > 0 ? (
                <ComplianceMatrix
                  rows={otherRows}
                  rules={otherRules}
                  nameHeader="Target"
                  ariaLabel="Environments and release stages by rule"
                  onOpen={openCell}
                />
              ) : (
                <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
                  No target matches the filters.
                </div>
              )}
            </Card>
          )}

          {selection && selectedRow && selectedCell && (
            <ComplianceEvidencePanel
              row={selectedRow}
              ruleId={selection.ruleId}
              cell={selectedCell}
              scan={scan}
              onDismiss={() => setSelection(undefined)}
            />
          )}
        </>
      )}
    </div>
  );
}
