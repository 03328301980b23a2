import * as React from "react";
import { Status, Statuses, StatusSize } from "azure-devops-ui/Status";
import { plural } from "../format";
import { useSettled } from "../hooks/useAsync";
import { usePolicySummary } from "../hooks/usePolicySummary";
import { builtInBaseline } from "../settings";
import { ErrorCard } from "./ErrorCard";
import { Loading } from "./Loading";
import { WidgetFrame, type WidgetSize } from "./WidgetFrame";

/** Minimum-reviewer coverage of default branches: covered / applicable, not-applicable apart. */
export function ComplianceScoreWidgetView(props: {
  title: string;
  size: WidgetSize;
  settingsProblem?: string;
  onSettled?: (error?: unknown) => void;
}) {
  const state = usePolicySummary();
  useSettled(state, props.onSettled);
  let body: React.ReactNode;
  if (state.loading) body = <Loading label="Loading branch policies…" />;
  else if (state.error !== undefined || !state.data)
    body = <ErrorCard error={state.error} whatFailed="Could not load branch policies" />;
  else {
    const { repositories, applicable, covered, uncovered, notApplicable } = state.data;
    const allCovered = uncovered.length === 0;
    body = (
      <>
        <div className="flex-row flex-center rhythm-horizontal-8">
          <Status
            {...(allCovered ? Statuses.Success : Statuses.Warning)}
            size={StatusSize.l}
            ariaLabel={allCovered ? "Compliant" : "Not compliant"}
          />
          <span className="rt-big-number" aria-label="Covered repositories">
            {covered.length}/{applicable}
          </span>
          <span>with required reviewers</span>
        </div>
        <div className="rt-muted">
          {plural(uncovered.length, "repository", "repositories")} without ·{" "}
          {plural(repositories, "repository", "repositories")} in total
        </div>
        {props.size.rowSpan >= 2 && (
          <>
            <div className="margin-top-8 rt-muted">
              Not applicable: {notApplicable.disabled} disabled, {notApplicable.empty} empty
            </div>
            {uncovered.length > 0 && (
              <ul className="rt-list margin-top-8" aria-label="Repositories without the policy">
                {uncovered.slice(0, 3).map((repository) => (
                  <li key={repository.id} className="text-ellipsis">
                    {repository.name}
                  </li>
                ))}
                {uncovered.length > 3 && (
                  <li className="rt-muted">and {uncovered.length - 3} more</li>
                )}
              </ul>
            )}
            <div className="rt-muted margin-top-8 text-ellipsis">
              Baseline: {builtInBaseline.name}
            </div>
          </>
        )}
        {props.settingsProblem && <div className="rt-muted">{props.settingsProblem}</div>}
      </>
    );
  }
  return <WidgetFrame title={props.title}>{body}</WidgetFrame>;
}
