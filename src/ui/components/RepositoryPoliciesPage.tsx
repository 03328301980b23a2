import * as React from "react";
import { Card } from "azure-devops-ui/Card";
import { Pill, PillSize, PillVariant } from "azure-devops-ui/Pill";
import { SimpleTableCell, Table, type ITableColumn } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import { ZeroData } from "azure-devops-ui/ZeroData";
import { useUiEnvironment } from "../context";
import { plural, shortBranchName } from "../format";
import {
  useRepositoriesWithPolicies,
  type RepositoryPolicyRow,
} from "../hooks/useRepositoriesWithPolicies";
import { ErrorCard } from "./ErrorCard";
import { keywordOf, ListFilterBar, type FilterField, type FilterValues } from "./ListFilterBar";
import { Loading } from "./Loading";
import { WebLink } from "./WebLink";

const repositoryFilterFields: FilterField[] = [{ key: "name", label: "Repository name" }];

function RepositoryTable(props: { rows: RepositoryPolicyRow[] }) {
  const { links } = useUiEnvironment();
  const columns = React.useMemo<ITableColumn<RepositoryPolicyRow>[]>(
    () => [
      {
        id: "name",
        name: "Repository",
        width: -35,
        renderCell: (_row, columnIndex, column, item) => (
          <SimpleTableCell key={column.id} columnIndex={columnIndex} tableColumn={column}>
            <WebLink href={links.repository(item.repository.name)}>{item.repository.name}</WebLink>
            {item.repository.isDisabled && (
              <Pill
                className="margin-left-8 rt-inline-pill"
                size={PillSize.compact}
                variant={PillVariant.outlined}
              >
                Disabled
              </Pill>
            )}
          </SimpleTableCell>
        ),
      },
      {
        id: "branch",
        name: "Default branch",
        width: -30,
        renderCell: (_row, columnIndex, column, item) => (
          <SimpleTableCell key={column.id} columnIndex={columnIndex} tableColumn={column}>
            {item.repository.defaultBranch ? (
              <span className="monospaced-text">
                {shortBranchName(item.repository.defaultBranch)}
              </span>
            ) : (
              <span className="secondary-text">empty repository</span>
            )}
          </SimpleTableCell>
        ),
      },
      {
        id: "policies",
        name: "Blocking policies / applicable",
        width: -35,
        renderCell: (_row, columnIndex, column, item) => (
          <SimpleTableCell key={column.id} columnIndex={columnIndex} tableColumn={column}>
            <span aria-label={`${item.enforced} blocking of ${item.applicable} applicable`}>
              {item.enforced} / {item.applicable}
            </span>
          </SimpleTableCell>
        ),
      },
    ],
    [links],
  );
  const provider = React.useMemo(() => new ArrayItemProvider(props.rows), [props.rows]);
  return <Table<RepositoryPolicyRow> columns={columns} itemProvider={provider} role="table" />;
}

/** The overview tab: the project's repositories and the branch policies on their default branches. */
export function RepositoryPoliciesOverview() {
  const { project } = useUiEnvironment();
  const state = useRepositoriesWithPolicies();
  const [search, setSearch] = React.useState("");
  const changeSearch = React.useCallback(
    (values: FilterValues) => setSearch(keywordOf(values, "name").trim().toLowerCase()),
    [],
  );
  if (state.loading) return <Loading label="Loading repositories and policies…" />;
  if (state.error !== undefined || !state.data)
    return <ErrorCard error={state.error} whatFailed="Could not load repositories and policies" />;
  if (state.data.rows.length === 0)
    return (
      <ZeroData
        imageAltText=""
        iconProps={{ iconName: "GitLogo" }}
        primaryText="No repositories"
        secondaryText={`Project ${project} has no Git repositories.`}
      />
    );
  const { totals, rows } = state.data;
  const shown = search
    ? rows.filter((row) => row.repository.name.toLowerCase().includes(search))
    : rows;
  return (
    <>
      <div className="flex-row rhythm-horizontal-16 margin-bottom-16" aria-label="Totals">
        <span>{plural(totals.repositories, "repository", "repositories")}</span>
        <span>{plural(totals.policies, "policy", "policies")}</span>
        <span>{totals.enforcedPolicies} blocking</span>
      </div>
      <ListFilterBar
        label="Filters"
        className="margin-bottom-16"
        fields={repositoryFilterFields}
        onChange={changeSearch}
      />
      <Card
        className="bolt-table-card"
        contentProps={{ contentPadding: false }}
        titleProps={{
          text:
            shown.length === rows.length
              ? "Repositories"
              : `Repositories (${shown.length} of ${rows.length})`,
        }}
      >
        {shown.length > 0 ? (
          <RepositoryTable rows={shown} />
        ) : (
          <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
            No repository matches the filter.
          </div>
        )}
      </Card>
    </>
  );
}
