import * as React from "react";
import { Tab, TabBar, TabSize } from "azure-devops-ui/Tabs";
import { GatesOutcomes } from "./GatesOutcomes";
import { GatesPipelineView } from "./GatesPipelineView";
import { GatesProtection } from "./GatesProtection";
import { GatesWaitingOn } from "./GatesWaitingOn";
import "./gates.css";

export const gateViews = [
  { id: "waiting", name: "Waiting on" },
  { id: "pipeline", name: "Pipeline view" },
  { id: "outcomes", name: "Recent outcomes" },
  { id: "protection", name: "Environment protection" },
] as const;

export type GateViewId = (typeof gateViews)[number]["id"];

/** The Gates tab: four views; only the selected one renders, so only it reads data. */
export function GatesTab(props: { initialView?: GateViewId; now?: () => Date }) {
  const [view, setView] = React.useState<GateViewId>(props.initialView ?? "waiting");
  return (
    <div className="rt-gates flex-column rhythm-vertical-16">
      <TabBar
        selectedTabId={view}
        onSelectedTabChanged={(id) => setView(id as GateViewId)}
        tabSize={TabSize.Compact}
        ariaLabel="Gate views"
      >
        {gateViews.map((entry) => (
          <Tab key={entry.id} id={entry.id} name={entry.name} />
        ))}
      </TabBar>
      <div role="region" aria-label={gateViews.find((entry) => entry.id === view)?.name}>
        {view === "waiting" && <GatesWaitingOn now={props.now} />}
        {view === "pipeline" && <GatesPipelineView now={props.now} />}
        {view === "outcomes" && <GatesOutcomes now={props.now} />}
        {view === "protection" && <GatesProtection />}
      </div>
    </div>
  );
}
