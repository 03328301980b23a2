import * as React from "react";
import { ContentSize } from "azure-devops-ui/Callout";
import { Panel } from "azure-devops-ui/Panel";
import { usePanelKeyboard } from "./panelKeyboard";
import type { ComplianceResult } from "../../core/compliance/evaluate";
import type { Repository } from "../../core/model";
import { useUiEnvironment } from "../context";
import { branchPolicyUrl, policyEvidence, type PolicyEvidence } from "../compliance/evidence";
import { kindLabel, type MatrixCell, type MatrixRow } from "../compliance/matrix";
import type { ComplianceScan } from "../compliance/scan";
import { useComplianceEnvironment } from "../compliance/storage";
import { shortBranchName } from "../format";
import { OutcomeIcon } from "./OutcomeIcon";
import { WebLink } from "./WebLink";
import "./compliance.css";

function yesNo(value: boolean): string {
  return value ? "yes" : "no";
}

function PolicyTable(props: { evidence: PolicyEvidence[]; policiesRead: boolean }) {
  if (!props.policiesRead)
    return <div className="rt-muted">The policy configurations could not be read.</div>;
  if (props.evidence.length === 0)
    return <div className="rt-muted">No policy configuration applies to this branch.</div>;
  return (
    <div className="rt-table-scroll rt-compliance-matrix-scroll">
      <table className="rt-table body-s rt-table-wrapped-head" aria-label="Effective policies">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Type</th>
            <th scope="col">Enabled</th>
            <th scope="col">Blocking</th>
            <th scope="col">Counts</th>
            <th scope="col">Scope entries and why they match</th>
          </tr>
        </thead>
        <tbody>
          {props.evidence.map(({ policy, typeName, enforced, cited, scopes }) => (
            <tr key={policy.id}>
              <td>
                {policy.id}
                {cited && <div className="rt-muted">cited</div>}
              </td>
              <td>{typeName}</td>
              <td>{yesNo(policy.isEnabled)}</td>
              <td>{yesNo(policy.isBlocking)}</td>
              <td>{enforced ? "enforced" : "ignored (disabled or optional)"}</td>
              <td>
                <ul className="rt-list">
                  {scopes.map((scope, index) => (
                    <li key={index}>
                      <span className={scope.matches ? "rt-scope-match" : "rt-muted"}>
                        {scope.matches ? "matches" : "no match"}
                      </span>
                      : {scope.text} — {scope.reason}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResultEvidence(props: {
  result: ComplianceResult;
  scan: ComplianceScan;
  repository?: Repository;
}) {
  const { result, scan, repository } = props;
  const { orgUrl } = useComplianceEnvironment();
  const evidence = React.useMemo(
    () => policyEvidence(result, scan.policies, repository),
    [result, scan.policies, repository],
  );
  const isRepository = (result.target?.kind ?? "repository") === "repository";
  return (
    <section className="rt-evidence-section flex-column rhythm-vertical-8">
      <div className="flex-row flex-center rhythm-horizontal-8">
        <OutcomeIcon outcome={result.outcome} />
        <span className="font-weight-semibold">
          {result.branch ? shortBranchName(result.branch) : "Whole target"}
        </span>
        <span className="rt-muted">severity {result.severity}</span>
      </div>
      <div className="rt-pre-line">{result.message}</div>
      {result.policyIds.length > 0 && (
        <div>
          <span className="font-weight-semibold">Policy ids looked at: </span>
          {result.policyIds.join(", ")}
        </div>
      )}
      {result.remediation && (
        <div>
          <span className="font-weight-semibold">Remediation: </span>
          <span className="rt-pre-line">{result.remediation}</span>
        </div>
      )}
      {result.exception && (
        <div>
          <span className="font-weight-semibold">
            Exception{result.exception.expired ? " (expired)" : ""}:{" "}
          </span>
          {result.exception.justification} — expires {result.exception.expires}
        </div>
      )}
      {isRepository && (
        <>
          <PolicyTable evidence={evidence} policiesRead={scan.policies !== undefined} />
          {result.repository && (
            <WebLink
              href={branchPolicyUrl(orgUrl, scan.project.name, result.repository.id, result.branch)}
            >
              Open the branch policies in Azure DevOps
            </WebLink>
          )}
        </>
      )}
    </section>
  );
}

/** The evidence behind one cell: each branch's result, the policies in force and why. */
export function ComplianceEvidencePanel(props: {
  row: MatrixRow;
  ruleId: string;
  cell: MatrixCell;
  scan: ComplianceScan;
  onDismiss: () => void;
}) {
  const { row, ruleId, cell, scan } = props;
  const { project } = useUiEnvironment();
  usePanelKeyboard(props.onDismiss);
  const repository = scan.repositories.find((candidate) => candidate.id === row.id);
  const title = cell.results[0]?.title ?? ruleId;
  return (
    <Panel
      onDismiss={props.onDismiss}
      size={ContentSize.Large}
      titleProps={{ text: `${row.name} · ${title}` }}
      description={`${kindLabel(row.kind)} in ${project} · rule ${ruleId}`}
      footerButtonProps={[{ text: "Close", onClick: props.onDismiss }]}
    >
      <div className="flex-column rhythm-vertical-16" aria-label="Evidence">
        {cell.results.map((result, index) => (
          <ResultEvidence
            key={`${result.branch ?? ""}:${index}`}
            result={result}
            scan={scan}
            repository={repository}
          />
        ))}
      </div>
    </Panel>
  );
}
