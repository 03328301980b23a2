import * as React from "react";
import { Header, TitleSize } from "azure-devops-ui/Header";
import { Page } from "azure-devops-ui/Page";
import { Tab, TabBar, TabSize } from "azure-devops-ui/Tabs";
import { useUiEnvironment } from "../context";
import { Loading } from "./Loading";
import { RepositoryPoliciesOverview } from "./RepositoryPoliciesPage";

/*
 * Every tab but the default one is its own chunk, fetched and evaluated when the tab is first
 * shown: evaluating all of them at start-up made the hub's first task the longest one it runs.
 */
const ComplianceTab = React.lazy(() =>
  import(/* webpackChunkName: "hub-compliance" */ "./ComplianceTab").then((module) => ({
    default: module.ComplianceTab,
  })),
);
const GatesTab = React.lazy(() =>
  import(/* webpackChunkName: "hub-gates" */ "./GatesTab").then((module) => ({
    default: module.GatesTab,
  })),
);
const DeliveryTab = React.lazy(() =>
  import(/* webpackChunkName: "hub-delivery" */ "./DeliveryTab").then((module) => ({
    default: module.DeliveryTab,
  })),
);
const TraceTab = React.lazy(() =>
  import(/* webpackChunkName: "hub-traceability" */ "./TraceTab").then((module) => ({
    default: module.TraceTab,
  })),
);

export interface HubTab {
  /** Also the URL hash that deep-links to the tab. */
  id: string;
  name: string;
  render: () => React.ReactElement;
}

/** The hub's tabs, in order; the first is the default. Adding a tab is one entry here. */
export const hubTabs: HubTab[] = [
  { id: "repositories", name: "Repositories", render: () => <RepositoryPoliciesOverview /> },
  { id: "compliance", name: "Compliance", render: () => <ComplianceTab /> },
  { id: "gates", name: "Gates", render: () => <GatesTab /> },
  { id: "traceability", name: "Traceability", render: () => <TraceTab /> },
  { id: "delivery", name: "Delivery", render: () => <DeliveryTab /> },
];

/** Where the selected tab lives: the host page's URL hash in Azure DevOps. */
export interface TabLocation {
  /** Records a user's choice (a history entry in the host). */
  select(tabId: string): void;
  /** Follows Back/Forward or an edited URL; returns nothing to undo (the host keeps listeners). */
  listen?(listener: (tabId: string) => void): void;
}

export function tabFromHash(hash: string | undefined, tabs: HubTab[] = hubTabs): string {
  const id = (hash ?? "").replace(/^#/, "").trim().toLowerCase();
  return tabs.some((tab) => tab.id === id) ? id : tabs[0].id;
}

/** The hub: a header, a tab bar and the selected tab (only it renders, so only it reads data). */
export function HubPage(props: { initialTab?: string; location?: TabLocation; tabs?: HubTab[] }) {
  const tabs = props.tabs ?? hubTabs;
  const { location } = props;
  const { project } = useUiEnvironment();
  const [selected, setSelected] = React.useState(() => tabFromHash(props.initialTab, tabs));
  React.useEffect(() => {
    location?.listen?.((hash) => setSelected(tabFromHash(hash, tabs)));
  }, [location, tabs]);
  const current = tabs.find((tab) => tab.id === selected) ?? tabs[0];
  return (
    // The page is the hub's scroll container and must be no taller than the frame: its rows'
    // visibility is what azure-devops-ui tables use to virtualise (1,000 rows stay a few pages).
    <Page className="flex-grow rt-hub-page">
      <Header title="Release Trace" titleSize={TitleSize.Large} description={project} />
      <TabBar
        selectedTabId={current.id}
        onSelectedTabChanged={(tabId) => {
          setSelected(tabId);
          location?.select(tabId);
        }}
        tabSize={TabSize.Tall}
        ariaLabel="Release Trace views"
      >
        {tabs.map((tab) => (
          <Tab key={tab.id} id={tab.id} name={tab.name} />
        ))}
      </TabBar>
      <div className="page-content page-content-top" role="tabpanel" aria-label={current.name}>
        {/* Keyed by tab: a tab still loading shows its own spinner, not the previous tab. */}
        <React.Suspense key={current.id} fallback={<Loading label={`Loading ${current.name}…`} />}>
          {current.render()}
        </React.Suspense>
      </div>
    </Page>
  );
}
