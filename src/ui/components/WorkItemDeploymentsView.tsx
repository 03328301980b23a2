import * as React from "react";
import { ZeroData } from "azure-devops-ui/ZeroData";
import { useSettled } from "../hooks/useAsync";
import { useWorkItemLinks, type LinkGroupId, type LinkedArtifact } from "../hooks/useWorkItemLinks";
import { ErrorCard } from "./ErrorCard";
import { Loading } from "./Loading";
import { WebLink } from "./WebLink";
import "./ui.css";

const groupTitles: [LinkGroupId, string][] = [
  ["commits", "Commits"],
  ["pullRequests", "Pull requests"],
  ["builds", "Builds"],
  ["branches", "Branches and tags"],
  ["releaseEnvironments", "Release environments"],
  ["other", "Other artifact links"],
];

function ArtifactItem(props: { item: LinkedArtifact }) {
  const { item } = props;
  return (
    <li>
      {item.href ? <WebLink href={item.href}>{item.label}</WebLink> : <span>{item.label}</span>}
      {item.detail && <span className="rt-muted"> · {item.detail}</span>}
      {item.relationNames.length > 0 && (
        <span className="rt-muted"> ({item.relationNames.join(", ")})</span>
      )}
      {item.problem && <span className="rt-muted"> · {item.problem}</span>}
    </li>
  );
}

interface ViewProps {
  workItemId: number;
  onSettled?: (error?: unknown) => void;
}

/** The work item form group: every artifact linked to the work item, grouped by kind. */
export function WorkItemDeploymentsView(props: ViewProps) {
  const { workItemId, onSettled } = props;
  // A new work item has no id (0) and no links until it is saved.
  const isNew = workItemId <= 0;
  React.useEffect(() => {
    if (isNew && onSettled) onSettled();
  }, [isNew, onSettled]);
  if (isNew)
    return (
      <div className="secondary-text padding-4">
        Save the work item to see the commits, pull requests, builds and releases linked to it.
      </div>
    );
  return <LinkedArtifacts {...props} />;
}

function LinkedArtifacts(props: ViewProps) {
  const state = useWorkItemLinks(props.workItemId);
  useSettled(state, props.onSettled);
  if (state.loading) return <Loading label="Loading linked artifacts…" />;
  if (state.error !== undefined || !state.data)
    return (
      <ErrorCard
        error={state.error}
        whatFailed={`Could not load the links of work item ${props.workItemId}`}
      />
    );
  const { groups, total } = state.data;
  if (total === 0)
    return (
      <ZeroData
        imageAltText=""
        iconProps={{ iconName: "Link" }}
        primaryText="No development links yet"
        secondaryText="Commits, pull requests, builds and release environments linked to this work item appear here."
      />
    );
  return (
    <div className="flex-column rhythm-vertical-8 padding-4">
      {groupTitles
        .filter(([id]) => groups[id].length > 0)
        .map(([id, title]) => (
          <section key={id} aria-label={title}>
            <div className="font-weight-semibold">
              {title} <span className="rt-muted">({groups[id].length})</span>
            </div>
            <ul className="rt-list">
              {groups[id].map((item) => (
                <ArtifactItem key={item.key} item={item} />
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}
