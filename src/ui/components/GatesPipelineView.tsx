import * as React from "react";
import { runName } from "../../core/vocabulary/names";
import { Button } from "azure-devops-ui/Button";
import { Card } from "azure-devops-ui/Card";
import { pipelineGates, type PipelineTarget } from "../../core/gates/queries";
import type { GatesResult, StageGate } from "../../core/gates/types";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { formatAge, plural } from "../format";
import { checkKindLabel, gateStateLabels, pendingKindLabels } from "../gates/labels";
import { gateWebLink } from "../gates/links";
import { runMatrix, stageSummary } from "../gates/matrix";
import { approverText, progressText, timeoutText } from "../gates/waiting";
import { useGateTargets } from "../hooks/useGateTargets";
import { ErrorCard } from "./ErrorCard";
import { CheckStateChip, GateStateChip } from "./GatesStateIcon";
import { DateText, NotAvailableCard, useGatesQuery } from "./GatesShared";
import { Loading } from "./Loading";
import { DropdownField } from "./DropdownField";
import { UnknownFieldsMarker, unknownFields } from "./UnknownFieldsMarker";
import { WebLink } from "./WebLink";
import "./gates.css";

export const PIPELINE_VIEW_RUNS = 20;

/** Check types a timeline record names by itself: known even when the check suite was not read. */
const TYPES_FROM_RECORDS = new Set(["approval", "requiredTemplate", "authorization"]);

/**
 * Opened details come into view and take focus (on a narrow page they sit below the runs, out of
 * view); closing them gives focus back to what opened them.
 */
function useRevealedDetails(stage: StageGate, onClose: (() => void) | undefined) {
  const section = React.useRef<HTMLElement>(null);
  const opener = React.useRef<HTMLElement | null>(null);
  const closable = onClose !== undefined;
  React.useEffect(() => {
    const element = section.current;
    if (!closable || !element) return;
    if (!element.contains(document.activeElement))
      opener.current = document.activeElement as HTMLElement | null;
    element.scrollIntoView?.({ block: "nearest" });
    element.focus({ preventScroll: true });
  }, [stage, closable]);
  const close = React.useCallback(() => {
    opener.current?.focus();
    onClose?.();
  }, [onClose]);
  return { section, close };
}

/** Everything the engine knows about one stage: who, which checks, which gate samples. */
export function StageDetails(props: { stage: StageGate; now: Date; onClose?: () => void }) {
  const { links } = useUiEnvironment();
  const { stage, now } = props;
  const href = gateWebLink(links, stage);
  const samples = stage.evidence.filter((evidence) => evidence.kind === "gate-sample");
  const unknown = unknownFields(stage.unknown);
  const run =
    stage.source === "yaml"
      ? `run ${runName({ id: stage.runId ?? 0, name: stage.runName })}`
      : `release ${stage.releaseName ?? stage.releaseId}`;
  const { section, close } = useRevealedDetails(stage, props.onClose);
  return (
    <section
      ref={section}
      tabIndex={-1}
      className="rt-stage-details flex-column rhythm-vertical-8"
      aria-label="Stage details"
    >
      <div className="flex-row flex-center flex-wrap rt-stage-details-head">
        <span className="title-s">
          {stage.stage} · {run}
        </span>
        <GateStateChip state={stage.state} />
        {stage.since && (
          <span className="rt-muted">
            since <DateText date={stage.since} text={formatAge(stage.since, now)} />
          </span>
        )}
        {href && <WebLink href={href}>Open in Azure DevOps</WebLink>}
        {props.onClose && <Button text="Close details" onClick={close} />}
      </div>
      {stage.environment && <div>Environment: {stage.environment}</div>}
      <UnknownFieldsMarker unknown={stage.unknown} />
      {stage.waiting.map((waiting) => (
        <div key={`${waiting.kind}-${waiting.id}`}>
          <span className="font-weight-semibold">
            Waiting on {pendingKindLabels[waiting.kind]}:{" "}
          </span>
          {waiting.kind === "approval"
            ? approverText({
                kind: waiting.kind,
                approvers: waiting.approvers,
                sequential: waiting.executionOrder === "inSequence",
              })
            : waiting.holding.join(", ")}
          {waiting.executionOrder === "inSequence" && " (in sequence)"}
          {progressText(waiting) && ` · ${progressText(waiting)}`}
          {waiting.timeoutAt && ` · times out ${timeoutText(waiting.timeoutAt, now)}`}
          {waiting.instructions && <div className="rt-instructions">{waiting.instructions}</div>}
        </div>
      ))}
      {stage.decision && (
        <div>
          <span className="font-weight-semibold">Decided by </span>
          {stage.decision.by?.displayName ?? `the ${stage.decision.cause}`}
          {stage.decision.at && ` · ${stage.decision.at.toLocaleString()}`}
          {stage.decision.comment && (
            <div className="rt-instructions">“{stage.decision.comment}”</div>
          )}
        </div>
      )}
      {stage.checks.length > 0 ? (
        <table className="rt-table rt-gates-table" aria-label="Checks">
          <thead>
            <tr>
              <th scope="col">Approval, check or gate</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {stage.checks.map((check, index) => (
              <tr key={`${check.name}-${index}`}>
                <td>{check.name}</td>
                <td>
                  {unknown.has("checks.type") && !TYPES_FROM_RECORDS.has(check.type)
                    ? "Not read"
                    : checkKindLabel(check.type)}
                </td>
                <td>
                  <CheckStateChip state={check.state} />
                </td>
                <td className="rt-instructions">{check.message ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="rt-muted">
          {unknown.has("checks")
            ? "The checks of this stage could not be read."
            : "No approvals, checks or gates guard this stage."}
        </div>
      )}
      {samples.length > 0 && (
        <div className="flex-column rhythm-vertical-4">
          <span className="font-weight-semibold">Gate evaluations ({samples.length})</span>
          <ol className="rt-samples">
            {samples.map((sample) => (
              <li key={sample.id}>
                {sample.status ?? ""}
                {sample.note ? `: ${sample.note}` : ""}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

/** Pick a pipeline or release definition: its newest runs as rows, its stages as columns. */
export function GatesPipelineView(props: { now?: () => Date }) {
  const { project } = useUiEnvironment();
  const targets = useGateTargets();
  const [choice, setChoice] = React.useState<string>("");
  const [selected, setSelected] = React.useState<{ row: string; column: string } | undefined>();
  const options = React.useMemo(() => {
    const yaml = (targets.data?.yamlPipelines ?? []).map((pipeline) => ({
      value: `yaml:${pipeline.id}`,
      label: pipeline.name,
      target: {
        kind: "yaml",
        pipeline: { id: pipeline.id, name: pipeline.name },
      } as PipelineTarget,
    }));
    const classic = (targets.data?.releaseDefinitions ?? []).map((definition) => ({
      value: `classic:${definition.id}`,
      label: definition.name,
      target: { kind: "classic", definition } as PipelineTarget,
    }));
    return { yaml, classic, all: [...yaml, ...classic] };
  }, [targets.data]);
  // The first YAML pipeline (or definition) until the user picks one.
  const value = choice || options.all[0]?.value || "";
  const target = options.all.find((option) => option.value === value)?.target;
  const load = React.useMemo(
    () =>
      target
        ? (sources: Sources) => pipelineGates(sources, project, target, PIPELINE_VIEW_RUNS)
        : undefined,
    [target, project],
  );
  const state = useGatesQuery<GatesResult>(load);
  const matrix = React.useMemo(
    () => (state.data ? runMatrix(state.data.stages) : undefined),
    [state.data],
  );
  if (targets.loading) return <Loading label="Loading pipelines and release definitions…" />;
  if (!targets.data)
    return (
      <ErrorCard
        error={targets.error}
        whatFailed="Could not load pipelines and release definitions"
      />
    );
  if (options.all.length === 0)
    return (
      <div className="padding-16 rt-muted">
        {project} has no YAML pipelines and no Classic release definitions.
      </div>
    );
  const now = props.now ? props.now() : new Date();
  const name = options.all.find((option) => option.value === value)?.label ?? "";
  const unit = target?.kind === "classic" ? "release" : "run";
  const selectedStage =
    selected && matrix
      ? matrix.rows.find((row) => row.key === selected.row)?.cells.get(selected.column)
      : undefined;
  return (
    <div className="flex-column rhythm-vertical-16">
      <div className="rt-gates-toolbar">
        <DropdownField
          id="rt-gates-pipeline"
          label="Pipeline or release definition"
          value={value}
          options={[]}
          groups={[
            { label: "YAML pipelines", options: options.yaml },
            { label: "Classic release definitions", options: options.classic },
          ]}
          onChange={(next) => {
            setChoice(next);
            setSelected(undefined);
          }}
        />
      </div>
      {state.loading && (
        <Loading label={`Reading the ${PIPELINE_VIEW_RUNS} newest ${unit}s of ${name}…`} />
      )}
      {!state.loading && !state.data && (
        <ErrorCard error={state.error} whatFailed={`Could not read the ${unit}s of ${name}`} />
      )}
      {state.data && matrix && matrix.rows.length === 0 && state.data.notAvailable.length > 0 && (
        // Empty is earned: with the runs unread, "no runs yet" could be false.
        <NotAvailableCard notAvailable={state.data.notAvailable} />
      )}
      {state.data && matrix && (matrix.rows.length > 0 || state.data.notAvailable.length === 0) && (
        <>
          <NotAvailableCard notAvailable={state.data.notAvailable} />
          <div className="rt-pipeline-layout">
            <Card
              className="bolt-table-card rt-pipeline-table"
              contentProps={{ contentPadding: false }}
              titleProps={{ text: `${name}: ${plural(matrix.rows.length, `newest ${unit}`)}` }}
            >
              {matrix.rows.length === 0 ? (
                <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
                  {name} has no {unit}s yet.
                </div>
              ) : (
                <div className="rt-gates-scroll flex-grow">
                  <table
                    className="rt-table rt-gates-table rt-middle"
                    aria-label={`Stages of the newest ${unit}s`}
                  >
                    <thead>
                      <tr>
                        <th scope="col">{unit === "run" ? "Run" : "Release"}</th>
                        {matrix.columns.map((column) => (
                          <th scope="col" key={column.key}>
                            {column.name}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {matrix.rows.map((row) => (
                        <tr key={row.key}>
                          <td className="rt-nowrap">{row.label}</td>
                          {matrix.columns.map((column) => {
                            const stage = row.cells.get(column.key);
                            if (!stage)
                              return (
                                <td
                                  key={column.key}
                                  className="rt-muted"
                                  aria-label="No such stage"
                                >
                                  –
                                </td>
                              );
                            const pressed =
                              selected?.row === row.key && selected.column === column.key;
                            return (
                              <td key={column.key}>
                                <button
                                  type="button"
                                  className="rt-chip-button"
                                  title={stageSummary(stage, gateStateLabels[stage.state])}
                                  aria-pressed={pressed}
                                  aria-label={`${row.label}, ${stage.stage}: ${gateStateLabels[stage.state]}. Show details`}
                                  onClick={() =>
                                    setSelected(
                                      pressed ? undefined : { row: row.key, column: column.key },
                                    )
                                  }
                                >
                                  <GateStateChip state={stage.state} short />
                                </button>
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
            {matrix.rows.length > 0 && (
              <Card className="rt-pipeline-details" contentProps={{ contentPadding: false }}>
                {selectedStage ? (
                  <StageDetails
                    stage={selectedStage}
                    now={now}
                    onClose={() => setSelected(undefined)}
                  />
                ) : (
                  <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
                    Hover a state for a summary; select it for its approvers, checks and gate
                    evaluations.
                  </div>
                )}
              </Card>
            )}
          </div>
        </>
      )}
    </div>
  );
}
