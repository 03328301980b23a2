/** A small organisation, a recording in-memory store and a render helper for the compliance views. */
import * as React from "react";
import { render } from "@testing-library/react";
import { PolicyTypeIds } from "../../src/core/model";
import type { Sources } from "../../src/core/sources";
import { ComplianceProvider, type KeyValueStore } from "../../src/ui/compliance/storage";
import { SourcesProvider } from "../../src/ui/context";
import { createWebLinks } from "../../src/ui/links";
import { createFakeSources, policyConfiguration, repository } from "../fakes/sources";

export const orgUrl = "https://dev.azure.com/fabrikam";
export const HOSTILE = '<img src=x onerror="alert(1)">';
export const NOW = new Date("2025-03-10T12:00:00Z");

export const validYaml = [
  "name: Team baseline",
  "rules:",
  "  branch.min-reviewers:",
  "    minimumApprovers: 1",
  "  branch.build-validation:",
  "    severity: low",
  "exceptions:",
  "  - rule: branch.min-reviewers",
  "    repository: api",
  "    justification: Built elsewhere",
  "    expires: 2099-01-01",
  "",
].join("\n");

export const invalidYaml = [
  "rules:",
  "  branch.min-reviewers:",
  "    minimumApprovers: two",
  "",
].join("\n");

export function complianceOrg() {
  return createFakeSources({
    repositories: [
      repository({ id: "r-web", name: "web" }),
      repository({ id: "r-api", name: "api", defaultBranch: "refs/heads/develop" }),
      repository({ id: "r-x", name: HOSTILE }),
      repository({ id: "r-old", name: "old", isDisabled: true }),
      repository({ id: "r-infra", name: "infra" }),
    ],
    files: {
      "r-infra": {
        "/compliance/baseline.yml": validYaml,
        "/compliance/broken.yml": invalidYaml,
        "/compliance/baseline.json": JSON.stringify({ rules: { "branch.work-item-linking": {} } }),
      },
    },
    policyConfigurations: [
      // Two approvers on web's main only.
      policyConfiguration({
        id: 11,
        typeId: PolicyTypeIds.minimumReviewers,
        settings: { minimumApproverCount: 2, creatorVoteCounts: false, resetOnSourcePush: true },
        scopes: [{ repositoryId: "r-web", refName: "refs/heads/main", matchKind: "Exact" }],
      }),
      // Build validation on every default branch, blocking.
      policyConfiguration({
        id: 12,
        typeId: PolicyTypeIds.build,
        settings: { buildDefinitionId: 7 },
        scopes: [{ repositoryId: null, matchKind: "DefaultBranch" }],
      }),
      // Reviewers on api, but optional: never counted.
      policyConfiguration({
        id: 13,
        typeId: PolicyTypeIds.minimumReviewers,
        isBlocking: false,
        settings: { minimumApproverCount: 3 },
        scopes: [{ repositoryId: "r-api", refName: "refs/heads/", matchKind: "Prefix" }],
      }),
    ],
  });
}

/** What extension data does to a value: a JSON round trip. */
function clone(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export interface RecordingStore {
  store: KeyValueStore;
  data: Map<string, unknown>;
  /** "get key" / "set key", in order. */
  calls: string[];
  failWith?: Error;
}

export function memoryStore(initial: Record<string, unknown> = {}): RecordingStore {
  const recording: RecordingStore = {
    data: new Map(Object.entries(initial)),
    calls: [],
    store: {
      get: async <T,>(key: string) => {
        recording.calls.push(`get ${key}`);
        if (recording.failWith) throw recording.failWith;
        return clone(recording.data.get(key)) as T | undefined;
      },
      set: async <T,>(key: string, value: T) => {
        recording.calls.push(`set ${key}`);
        if (recording.failWith) throw recording.failWith;
        recording.data.set(key, clone(value));
      },
    },
  };
  return recording;
}

export const PROJECT_ID = "00000000-0000-4000-8000-000000000001";

export function renderCompliance(
  element: React.ReactElement,
  sources: Sources,
  store: KeyValueStore,
  options: { navigate?: (url: string) => void; now?: () => Date } = {},
) {
  return render(
    <SourcesProvider
      sources={sources}
      project="Demo"
      links={createWebLinks(orgUrl, "Demo")}
      navigate={options.navigate}
    >
      <ComplianceProvider
        projectId={PROJECT_ID}
        organization="fabrikam"
        orgUrl={orgUrl}
        store={store}
        now={options.now ?? (() => NOW)}
      >
        {element}
      </ComplianceProvider>
    </SourcesProvider>,
  );
}
