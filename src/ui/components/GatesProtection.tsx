import * as React from "react";
import { Card } from "azure-devops-ui/Card";
import {
  environmentProtection,
  type ClassicStageProtection,
  type ProtectionResult,
} from "../../core/gates/protection";
import type { GatesPolicy, ReleaseApprovalPolicy } from "../../core/model";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { plural } from "../format";
import { checkKindLabel } from "../gates/labels";
import { ErrorCard } from "./ErrorCard";
import { UnknownFieldsMarker } from "./UnknownFieldsMarker";
import { NotAvailableCard, useGatesQuery } from "./GatesShared";
import { Loading } from "./Loading";
import { useProduction } from "../production/ProductionProvider";
import { ProductionPatternNote } from "./ProductionPatternNote";
import "./gates.css";

function minutesText(minutes: number | undefined): string | undefined {
  if (minutes === undefined) return undefined;
  if (minutes % 1440 === 0) return plural(minutes / 1440, "day");
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  return plural(minutes, "minute");
}

function approvalText(policy: ReleaseApprovalPolicy): string {
  if (!policy.hasApprovers) return "None (automatic)";
  const names = policy.approvers.map((approver) => approver.displayName).join(", ");
  const count =
    policy.requiredApproverCount > 0 ? `${policy.requiredApproverCount} of ` : "all of ";
  const timeout = minutesText(policy.timeoutMinutes);
  return `${count}${names}${timeout ? ` · timeout ${timeout}` : ""}`;
}

function gatesText(policy: GatesPolicy): string {
  if (!policy.isEnabled || policy.gates.length === 0) return "None";
  const names = policy.gates
    .map((gate) => `${gate.name}${gate.enabled ? "" : " (disabled)"}`)
    .join(", ");
  const details = [
    minutesText(policy.timeoutMinutes) && `timeout ${minutesText(policy.timeoutMinutes)}`,
    minutesText(policy.samplingIntervalMinutes) &&
      `every ${minutesText(policy.samplingIntervalMinutes)}`,
  ].filter(Boolean);
  return `${names}${details.length > 0 ? ` · ${details.join(", ")}` : ""}`;
}

function classicGuarded(stage: ClassicStageProtection): boolean {
  return (
    stage.preApproval.hasApprovers ||
    (stage.preGates.isEnabled && stage.preGates.gates.some((gate) => gate.enabled))
  );
}

function ProductionBadge(props: { production: boolean; guarded: boolean }) {
  if (!props.production) return null;
  return (
    <>
      <span className="rt-badge">Production</span>
      {!props.guarded && <span className="rt-badge rt-badge-warning">Unprotected</span>}
    </>
  );
}

/** Which environments and Classic stages have which approvals, checks and gates configured. */
export function GatesProtection() {
  const { project } = useUiEnvironment();
  const production = useProduction();
  // Nothing is read until the saved pattern is known, so the marks are read once.
  const load = React.useMemo(
    () =>
      production.loading
        ? undefined
        : (sources: Sources) => environmentProtection(sources, project, production.pattern),
    [project, production.loading, production.pattern],
  );
  const state = useGatesQuery<ProtectionResult>(load);
  if (production.loading) return <Loading label="Reading the production pattern…" />;
  if (state.loading)
    return <Loading label="Reading environments, their checks and Classic stages…" />;
  if (!state.data)
    return <ErrorCard error={state.error} whatFailed="Could not read the environment protection" />;
  const { environments, classicStages, notAvailable } = state.data;
  // Empty is earned: a list that could not be read is never shown as "has none".
  const read = (what: string) => !notAvailable.some((entry) => entry.what === what);
  const environmentsRead = read("environments");
  const definitionsRead = read("release definitions");
  if (!environmentsRead && !definitionsRead)
    return <NotAvailableCard notAvailable={notAvailable} />;
  const productionEnvironments = environments.filter((environment) => environment.production);
  const unprotected = productionEnvironments.filter(
    (environment) => !environment.checks.some((check) => !check.disabled),
  ).length;
  return (
    <div className="flex-column rhythm-vertical-16">
      <NotAvailableCard notAvailable={state.data.notAvailable} />
      <ProductionPatternNote idPrefix="gates-protection" />
      {environmentsRead && read("check configurations") && (
        <div className="rt-muted" aria-label="Protection summary">
          Production names are highlighted with a bar and a badge.{" "}
          {plural(productionEnvironments.length, "production environment")}, {unprotected} without
          an enabled check.
        </div>
      )}
      {environmentsRead && (
        <Card
          className="bolt-table-card"
          contentProps={{ contentPadding: false }}
          titleProps={{ text: `Environments (${environments.length})` }}
        >
          {environments.length === 0 ? (
            <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
              {project} has no pipeline environments.
            </div>
          ) : (
            // Text only, no control: the region takes focus so the keyboard can scroll it.
            <div
              className="rt-gates-scroll flex-grow"
              tabIndex={0}
              role="region"
              aria-label="Environments, scrolls sideways"
            >
              <table className="rt-table rt-gates-table" aria-label="Environments and their checks">
                <thead>
                  <tr>
                    <th scope="col">Environment</th>
                    <th scope="col">Approvals and checks</th>
                  </tr>
                </thead>
                <tbody>
                  {environments.map((environment) => (
                    <tr
                      key={environment.id}
                      className={environment.production ? "rt-production" : undefined}
                      aria-label={`${environment.name}${environment.production ? " (production)" : ""}`}
                    >
                      <td className="rt-nowrap">
                        {environment.name}
                        <ProductionBadge
                          production={environment.production}
                          guarded={environment.checks.some((check) => !check.disabled)}
                        />
                      </td>
                      <td>
                        {environment.checks.length === 0 && environment.unknown ? (
                          <UnknownFieldsMarker unknown={environment.unknown} />
                        ) : environment.checks.length === 0 ? (
                          <span className="rt-muted">No checks configured</span>
                        ) : (
                          <ul className="rt-check-list">
                            {environment.checks.map((check) => (
                              <li key={check.id}>
                                <span className="font-weight-semibold">
                                  {checkKindLabel(check.kind)}
                                </span>
                                {check.name !== checkKindLabel(check.kind) && ` · ${check.name}`}
                                {minutesText(check.timeoutMinutes) &&
                                  ` · timeout ${minutesText(check.timeoutMinutes)}`}
                                {check.disabled && <span className="rt-muted"> · disabled</span>}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      )}
      {definitionsRead && (
        <Card
          className="bolt-table-card"
          contentProps={{ contentPadding: false }}
          titleProps={{ text: `Classic release stages (${classicStages.length})` }}
        >
          {classicStages.length === 0 ? (
            <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
              {project} has no Classic release definitions.
            </div>
          ) : (
            <div
              className="rt-gates-scroll flex-grow"
              tabIndex={0}
              role="region"
              aria-label="Classic stages, scrolls sideways"
            >
              <table
                className="rt-table rt-gates-table"
                aria-label="Classic stages and their approvals and gates"
              >
                <thead>
                  <tr>
                    <th scope="col">Release definition</th>
                    <th scope="col">Stage</th>
                    <th scope="col">Pre-deployment approval</th>
                    <th scope="col">Pre-deployment gates</th>
                    <th scope="col">Post-deployment approval</th>
                    <th scope="col">Post-deployment gates</th>
                  </tr>
                </thead>
                <tbody>
                  {classicStages.map((stage) => (
                    <tr
                      key={`${stage.definition.id}-${stage.stage}`}
                      className={stage.production ? "rt-production" : undefined}
                      aria-label={`${stage.definition.name} ${stage.stage}${stage.production ? " (production)" : ""}`}
                    >
                      <td className="rt-nowrap">{stage.definition.name}</td>
                      <td className="rt-nowrap">
                        {stage.stage}
                        <ProductionBadge
                          production={stage.production}
                          guarded={classicGuarded(stage)}
                        />
                      </td>
                      <td>{approvalText(stage.preApproval)}</td>
                      <td>{gatesText(stage.preGates)}</td>
                      <td>{approvalText(stage.postApproval)}</td>
                      <td>{gatesText(stage.postGates)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
