import * as React from "react";
import { TextField } from "azure-devops-ui/TextField";
import { getSafeId } from "azure-devops-ui/Util";
import { Button } from "azure-devops-ui/Button";
import { Card } from "azure-devops-ui/Card";
import { Tab, TabBar, TabSize } from "azure-devops-ui/Tabs";
import { deployedMatrix } from "../../core/trace/deployed";
import { defaultTraceRules } from "../../core/trace/graph";
import { TraceSession } from "../../core/trace/session";
import { MAX_ID, parseItemId } from "../../core/vocabulary/ids";
import { useProduction } from "../production/ProductionProvider";
import { Loading } from "./Loading";
import { ProductionPatternNote } from "./ProductionPatternNote";
import type { DeployedCell, DeployedMatrix } from "../../core/trace/types";
import { useComplianceEnvironment } from "../compliance/storage";
import { useUiEnvironment } from "../context";
import { plural } from "../format";
import type { DeploymentSubject } from "../../core/trace/contents";
import { deployedFile, downloadFile, traceFile, type TextFile } from "../trace/exports";
import {
  buildGrid,
  cellSubject,
  filterGrid,
  noDeployedFilters,
  visibleCells,
  type CellPart,
  type DeployedFilters,
} from "../trace/matrix";
import { loadWorkItemTimeline, type WorkItemTimeline } from "../../core/trace/workItemTimeline";
import { gapBaselineReader } from "../trace/gapBaseline";
import { ErrorCard } from "./ErrorCard";
import { NotAvailableNotice, type NoticeEntry } from "./NotAvailableNotice";
import {
  choicesOf,
  keywordOf,
  ListFilterBar,
  type FilterField,
  type FilterValues,
} from "./ListFilterBar";
import { isColumnChoice, TraceColumnPicker } from "./TraceColumnPicker";
import { useViewPreference } from "../preferences";
import { TraceContentsPanel } from "./TraceContentsPanel";
import { saveSessionIndex, useDeploymentIndexTarget } from "../trace/deploymentIndex";
import { TraceDeployedMatrix } from "./TraceDeployedMatrix";
import { TraceWorkItemList } from "./TraceWorkItemList";
import { TraceWorkItemPath } from "./TraceWorkItemPath";
import "./compliance.css";
import "./trace.css";

type Load<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "done"; value: T; at: Date }
  | { status: "failed"; error: unknown; notes?: NoticeEntry[] };

interface Opened {
  subject: DeploymentSubject;
  pipeline: string;
}

function Progress(props: { label: string }) {
  return (
    <div className="flex-column rhythm-vertical-8 padding-16" role="status" aria-live="polite">
      <span>{props.label}</span>
      <div className="rt-trace-progress" role="progressbar" aria-label={props.label} />
    </div>
  );
}

function ExportButtons(props: {
  what: string;
  formats: { format: string; label: string }[];
  onExport: (format: string) => void;
}) {
  return (
    <div className="rt-trace-toolbar" aria-label="Export">
      {props.formats.map(({ format, label }) => (
        <Button
          key={format}
          text={label}
          iconProps={{ iconName: "Download" }}
          ariaLabel={`Download ${props.what} as ${label}`}
          onClick={() => props.onExport(format)}
        />
      ))}
    </div>
  );
}

/** What the matrix could not read, above it: a missing environment column must not pass unseen. */
function DeployedNotAvailable(props: { notes: DeployedMatrix["notAvailable"] }) {
  return <NotAvailableNotice notes={props.notes} />;
}

function DeployedWhere(props: {
  session: TraceSession;
  clock: () => Date;
  onOpen: (opened: Opened) => void;
  onDownload: (file: TextFile) => void;
  onReload: () => void;
}) {
  const { session, clock, onOpen, onDownload } = props;
  const { sources, project } = useUiEnvironment();
  const [load, setLoad] = React.useState<Load<DeployedMatrix>>({ status: "loading" });
  const indexTarget = useDeploymentIndexTarget();
  // The last matrix read: a reload that is running or failed keeps showing it (a ref, so a
  // finished load renders once).
  const last = React.useRef<{ value: DeployedMatrix; at: Date } | undefined>(undefined);
  const [filters, setFilters] = React.useState<DeployedFilters>(noDeployedFilters);
  const changeFilters = React.useCallback(
    (values: FilterValues) => setFilters(deployedFilters(values)),
    [],
  );
  React.useEffect(() => {
    let current = true;
    setLoad({ status: "loading" });
    // The index is as of when its reads began: a deployment made while they ran counts as newer.
    const readFrom = clock();
    deployedMatrix(sources, project, {
      session,
      production: session.rules.productionPattern,
    }).then(
      (value) => {
        if (!current) return;
        if (value.cells.length === 0 && value.notAvailable.length > 0 && last.current) {
          // Nothing could be read this time: keep the earlier matrix rather than an empty one.
          setLoad({ status: "failed", error: undefined, notes: value.notAvailable });
          return;
        }
        const at = clock();
        last.current = { value, at };
        setLoad({ status: "done", value, at });
        // Every environment was listed anyway: the work item form reads it as the index.
        if (indexTarget)
          saveSessionIndex(session, indexTarget, readFrom).catch((error: unknown) =>
            console.warn("The deployment index could not be saved:", error),
          );
      },
      (error: unknown) => current && setLoad({ status: "failed", error }),
    );
    return () => {
      current = false;
    };
  }, [sources, project, session, clock, indexTarget]);
  const shownLoad = load.status === "done" ? load : last.current;
  const matrix = shownLoad?.value;
  const grid = React.useMemo(
    () => (matrix ? buildGrid(matrix, session.rules.productionPattern) : undefined),
    [matrix, session],
  );
  // Which environment columns show: the user's choice, remembered for them.
  const [hidden, setHidden] = useViewPreference<string[]>(
    "trace.deployed.hiddenColumns",
    [],
    isColumnChoice,
  );
  const shown = React.useMemo(
    () => (grid ? filterGrid(grid, filters, hidden) : undefined),
    [grid, filters, hidden],
  );
  const openCell = React.useCallback(
    (cell: DeployedCell, part: CellPart) => {
      const subject = cellSubject(cell, part);
      if (subject) onOpen({ pipeline: cell.pipeline, subject });
    },
    [onOpen],
  );

  const progress = <Progress label="Reading environments, deployment records and releases…" />;
  if (!matrix || !grid || !shown) {
    if (load.status === "failed")
      return <ErrorCard error={load.error} whatFailed="Could not read what is deployed where" />;
    return progress;
  }
  const at = shownLoad?.at ?? clock();
  return (
    <div className="rt-trace-view flex-column rhythm-vertical-16">
      {load.status === "loading" && progress}
      {load.status === "failed" && (
        <NotAvailableNotice
          error={load.error}
          notes={load.notes}
          severity="error"
          title={`Could not reload what is deployed where; showing what was read at ${at.toLocaleTimeString()}`}
        />
      )}
      <DeployedNotAvailable notes={matrix.notAvailable} />
      <ListFilterBar label="Filters" fields={deployedFilterFields} onChange={changeFilters} />
      <div className="flex-row flex-wrap flex-center rt-trace-toolbar">
        <span className="flex-grow" role="status" aria-label="Matrix size">
          {shownOf(shown.rows.length, grid.rows.length, "pipeline")} ×{" "}
          {shownOf(shown.columns.length, grid.columns.length, "environment")}
        </span>
        <ExportButtons
          what="the deployed-where view"
          formats={[
            { format: "csv", label: "CSV" },
            { format: "json", label: "JSON" },
          ]}
          onExport={(format) =>
            onDownload(
              deployedFile(
                {
                  environments: shown.columns.map((column) => column.name),
                  cells: visibleCells(shown),
                  notAvailable: matrix.notAvailable,
                },
                format as "csv" | "json",
                project,
                at,
              ),
            )
          }
        />
        <TraceColumnPicker columns={grid.columns} hidden={hidden} onChange={setHidden} />
        <Button text="Reload" iconProps={{ iconName: "Refresh" }} onClick={props.onReload} />
      </div>
      <Card
        className="bolt-table-card rt-trace-view"
        contentProps={{ contentPadding: false }}
        titleProps={{ text: "Latest deployment by pipeline and environment" }}
      >
        {grid.rows.length === 0 && matrix.notAvailable.length > 0 ? (
          // Empty is earned: with a read missing, "nothing deployed" could be false.
          <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
            No deployment could be read; the notice above says what is missing.
          </div>
        ) : shown.rows.length > 0 ? (
          <TraceDeployedMatrix
            rows={shown.rows}
            columns={shown.columns}
            now={at}
            onOpen={openCell}
          />
        ) : (
          <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
            {grid.rows.length === 0
              ? "Nothing has been deployed to an environment yet."
              : "No pipeline matches the filters."}
          </div>
        )}
      </Card>
      <ProductionPatternNote idPrefix="trace-deployed" />
    </div>
  );
}

function WorkItemLookup(props: {
  session: TraceSession;
  clock: () => Date;
  onOpen: (opened: Opened) => void;
  onDownload: (file: TextFile) => void;
  /** A trace asked for from elsewhere (the work item list); `seq` makes each ask new. */
  request?: { id: number; seq: number };
}) {
  const { session, clock, onOpen, onDownload, request } = props;
  const { sources, project } = useUiEnvironment();
  const [input, setInput] = React.useState("");
  const [inputProblem, setInputProblem] = React.useState<string | undefined>();
  const [asked, setAsked] = React.useState<number | undefined>();
  const [load, setLoad] = React.useState<Load<WorkItemTimeline>>({ status: "idle" });
  React.useEffect(() => {
    if (!request) return;
    setInput(String(request.id));
    setInputProblem(undefined);
    setAsked(request.id);
  }, [request]);
  React.useEffect(() => {
    if (asked === undefined) return;
    let current = true;
    setLoad({ status: "loading" });
    loadWorkItemTimeline(session, asked).then(
      (value) => current && setLoad({ status: "done", value, at: clock() }),
      (error: unknown) => current && setLoad({ status: "failed", error }),
    );
    return () => {
      current = false;
    };
  }, [asked, sources, project, session, clock]);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const id = parseItemId(input);
    // A new query replaces the old answer, even when it is refused before anything is sent.
    setAsked(id);
    if (id === undefined) {
      setLoad({ status: "idle" });
      setInputProblem(
        `Enter a work item id: a whole number from 1 to ${MAX_ID.toLocaleString("en-US")}.`,
      );
      return;
    }
    setInputProblem(undefined);
  };
  const timeline = load.status === "done" ? load.value : undefined;
  return (
    <div className="rt-trace-view flex-column rhythm-vertical-16">
      <form className="rt-trace-lookup-form" onSubmit={submit} aria-label="Work item lookup">
        <div className="flex-column rhythm-vertical-4">
          <label htmlFor={getSafeId("rt-trace-work-item")} className="font-weight-semibold">
            Work item id
          </label>
          <TextField
            inputId="rt-trace-work-item"
            className="rt-trace-lookup-field"
            // The library names a field by its placeholder unless told otherwise.
            ariaLabel="Work item id"
            value={input}
            placeholder="e.g. 42"
            onChange={(_event, text) => setInput(text)}
          />
        </div>
        <Button type="submit" primary text="Trace" />
        {timeline && (
          <ExportButtons
            what={`the path of work item ${timeline.trace.workItem.id}`}
            formats={[
              { format: "csv", label: "CSV" },
              { format: "json", label: "JSON" },
              { format: "md", label: "Markdown" },
            ]}
            onExport={(format) =>
              onDownload(traceFile(timeline.trace, format as "csv" | "json" | "md"))
            }
          />
        )}
      </form>
      {inputProblem && (
        <div className="rt-muted" role="alert">
          {inputProblem}
        </div>
      )}
      {load.status === "idle" && !inputProblem && (
        <div className="rt-muted">
          Enter the id of a work item to see its pull requests, commits, builds and every
          environment it reached, with the evidence each rests on.
        </div>
      )}
      {load.status === "loading" && <Progress label={`Tracing work item ${asked}…`} />}
      {load.status === "failed" && (
        <ErrorCard error={load.error} whatFailed={`Could not trace work item ${asked}`} />
      )}
      {timeline && load.status === "done" && (
        <Card className="rt-trace-view">
          <TraceWorkItemPath
            timeline={timeline}
            now={load.at}
            onOpen={(subject, pipeline) => onOpen({ subject, pipeline })}
          />
        </Card>
      )}
    </div>
  );
}

/** The deployed-where filters: names contain, the kind of pipeline, and problems only. */
const deployedFilterFields: FilterField[] = [
  { key: "pipeline", label: "Pipeline name" },
  { key: "environment", label: "Environment name" },
  {
    key: "kind",
    label: "Kind",
    single: true,
    options: [
      { id: "yaml", text: "YAML pipelines" },
      { id: "classic", text: "Classic releases" },
    ],
  },
  {
    key: "state",
    label: "State",
    single: true,
    options: [{ id: "problems", text: "A newer attempt, or nothing deployed" }],
  },
];

function deployedFilters(values: FilterValues): DeployedFilters {
  const [kind] = choicesOf(values, "kind");
  return {
    pipeline: keywordOf(values, "pipeline"),
    environment: keywordOf(values, "environment"),
    kind: kind === "yaml" || kind === "classic" ? kind : "all",
    problemsOnly: choicesOf(values, "state").includes("problems"),
  };
}

const views = [
  { id: "deployed", name: "Deployed where" },
  { id: "lookup", name: "Work item lookup" },
  { id: "workitems", name: "Work items" },
];

/** The Traceability tab: what is deployed where, what each deployment brought, a work item's path. */
/** "8 pipelines" when all show, "2 of 8 pipelines" when a filter hides some. */
function shownOf(shown: number, total: number, noun: string): string {
  return shown === total ? plural(total, noun) : `${shown} of ${plural(total, noun)}`;
}

export function TraceTab() {
  const { sources, project } = useUiEnvironment();
  const { organization, now, projectId, store } = useComplianceEnvironment();
  const clock = React.useMemo(() => now ?? (() => new Date()), [now]);
  const [generation, setGeneration] = React.useState(0);
  const production = useProduction();
  // One session per reload (and production pattern): environments, records, releases and run
  // lists are read once each.
  const sessionKey = React.useMemo(
    () => ({ sources, project, projectId, store, generation, pattern: production.pattern }),
    [sources, project, projectId, store, generation, production.pattern],
  );
  // Gaps follow the project's baseline (the Compliance tab's choice), read when first needed.
  const session = React.useMemo(
    () =>
      new TraceSession(
        sessionKey.sources,
        sessionKey.project,
        { ...defaultTraceRules, productionPattern: sessionKey.pattern },
        gapBaselineReader(sessionKey),
      ),
    [sessionKey],
  );
  const [view, setView] = React.useState("deployed");
  const [opened, setOpened] = React.useState<Opened | undefined>();
  const [downloaded, setDownloaded] = React.useState<string | undefined>();
  const download = React.useCallback((file: TextFile) => setDownloaded(downloadFile(file)), []);
  const open = React.useCallback((next: Opened) => setOpened(next), []);
  // The work item list reads every work item of the project: only once it is first opened.
  const [listOpened, setListOpened] = React.useState(false);
  React.useEffect(() => {
    if (view === "workitems") setListOpened(true);
  }, [view]);
  const [traceRequest, setTraceRequest] = React.useState<{ id: number; seq: number }>();
  const traceWorkItem = React.useCallback((id: number) => {
    setTraceRequest((previous) => ({ id, seq: (previous?.seq ?? 0) + 1 }));
    setView("lookup");
  }, []);
  // Reading with the default and again with the saved pattern would read everything twice.
  if (production.loading) return <Loading label="Reading the production pattern…" />;
  return (
    <div className="rt-trace flex-column rhythm-vertical-16">
      <TabBar
        selectedTabId={view}
        onSelectedTabChanged={setView}
        tabSize={TabSize.Compact}
        ariaLabel="Traceability views"
      >
        {views.map((item) => (
          <Tab key={item.id} id={item.id} name={item.name} />
        ))}
      </TabBar>
      <div className="rt-trace-view" hidden={view !== "deployed"}>
        <DeployedWhere
          session={session}
          clock={clock}
          onOpen={open}
          onDownload={download}
          onReload={() => setGeneration((count) => count + 1)}
        />
      </div>
      <div className="rt-trace-view" hidden={view !== "lookup"}>
        <WorkItemLookup
          session={session}
          clock={clock}
          onOpen={open}
          onDownload={download}
          request={traceRequest}
        />
      </div>
      <div className="rt-trace-view" hidden={view !== "workitems"}>
        {(listOpened || view === "workitems") && <TraceWorkItemList onTrace={traceWorkItem} />}
      </div>
      {downloaded && (
        <div className="rt-muted" role="status">
          Downloaded {downloaded}
        </div>
      )}
      {opened && (
        <TraceContentsPanel
          subject={opened.subject}
          pipeline={opened.pipeline}
          session={session}
          organization={organization}
          now={clock()}
          onDismiss={() => setOpened(undefined)}
          onDownload={download}
        />
      )}
    </div>
  );
}
