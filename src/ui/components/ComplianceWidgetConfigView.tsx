import * as React from "react";
import { isBaselineProblem, loadBaseline } from "../compliance/baseline";
import { useUiEnvironment } from "../context";
import { plural } from "../format";
import { useAsync } from "../hooks/useAsync";
import type { ComplianceWidgetSettings } from "../settings";
import { BaselinePicker } from "./BaselinePicker";
import { NotAvailableNotice } from "./NotAvailableNotice";

/** The baseline choice, with the chosen baseline checked right away (the widget shows the rest). */
export function ComplianceWidgetConfigView(props: {
  settings: ComplianceWidgetSettings;
  onChange: (settings: ComplianceWidgetSettings) => void;
}) {
  const { settings, onChange } = props;
  const { sources, project } = useUiEnvironment();
  const choice = settings.baseline;
  // Listed up front: choosing "a file in a repository" needs a repository to preselect.
  const listRepositories = React.useCallback(
    () => sources.git.listRepositories(project),
    [sources, project],
  );
  const repositories = useAsync(listRepositories);
  const check = React.useCallback(
    () => loadBaseline(sources, project, choice),
    [sources, project, choice],
  );
  const checked = useAsync(check);

  let status: React.ReactNode;
  if (checked.loading) status = <span className="rt-muted">Checking the baseline…</span>;
  else if (checked.error !== undefined && !isBaselineProblem(checked.error))
    status = (
      <NotAvailableNotice
        error={checked.error}
        title="Could not read the baseline"
        severity="error"
      />
    );
  else if (checked.error !== undefined)
    status = (
      <div role="alert" className="flex-column rhythm-vertical-4">
        <span className="font-weight-semibold">This baseline cannot be used</span>
        <span className="rt-pre-line">{checked.error.message}</span>
      </div>
    );
  else if (checked.data)
    status = (
      <span className="secondary-text" aria-label="Baseline check">
        {checked.data.name}: {plural(checked.data.rules.size, "rule")} on{" "}
        {checked.data.branches.join(", ")}
      </span>
    );

  return (
    <div className="rt-widget-config flex-column rhythm-vertical-8">
      <BaselinePicker
        idPrefix="rt-baseline"
        choice={choice}
        repositories={
          repositories.data?.map(({ id, name }) => ({ id, name })) ??
          (repositories.error !== undefined ? [] : undefined)
        }
        onChange={(baseline) => onChange({ baseline })}
      />
      {repositories.error !== undefined && (
        <NotAvailableNotice error={repositories.error} title="Could not list the repositories" />
      )}
      {status}
    </div>
  );
}
