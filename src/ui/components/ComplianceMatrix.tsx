import * as React from "react";
import { SimpleTableCell, Table, type ITableColumn } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import type { RuleMetadata } from "../../core/compliance/types";
import { kindLabel, outcomeLabels, type MatrixRow } from "../compliance/matrix";
import { OutcomeIcon } from "./OutcomeIcon";
import "./compliance.css";

export interface CellSelection {
  rowKey: string;
  ruleId: string;
}

export function rowKey(row: MatrixRow): string {
  return `${row.kind}|${row.id}`;
}

function scoreText(score: number | null): string {
  return score === null ? "n/a" : `${score}%`;
}

/** Column header for a rule: its id without the family prefix (`branch.`), the title as hint. */
function ruleHeader(rule: RuleMetadata): string {
  return rule.id.replace(/^[a-z]+\./, "");
}

/**
 * Targets × rules, virtualised by the library's Table (rows render as they scroll into view), so a
 * thousand repositories stay cheap. Each cell is a button that opens the evidence.
 */
export function ComplianceMatrix(props: {
  rows: MatrixRow[];
  rules: RuleMetadata[];
  nameHeader: string;
  onOpen: (selection: CellSelection) => void;
  ariaLabel: string;
}) {
  const { rows, rules, nameHeader, onOpen } = props;
  const columns = React.useMemo<ITableColumn<MatrixRow>[]>(
    () => [
      {
        id: "name",
        name: nameHeader,
        width: 200,
        renderCell: (_index, columnIndex, column, row) => (
          <SimpleTableCell key={column.id} columnIndex={columnIndex} tableColumn={column}>
            <span className="text-ellipsis" title={row.name}>
              {row.name}
            </span>
            {row.kind !== "repository" && (
              <span className="rt-muted margin-left-8">{kindLabel(row.kind)}</span>
            )}
          </SimpleTableCell>
        ),
      },
      {
        id: "score",
        name: "Score",
        width: 72,
        renderCell: (_index, columnIndex, column, row) => (
          <SimpleTableCell key={column.id} columnIndex={columnIndex} tableColumn={column}>
            <span className="rt-score" aria-label={`Score of ${row.name}: ${scoreText(row.score)}`}>
              {scoreText(row.score)}
            </span>
          </SimpleTableCell>
        ),
      },
      ...rules.map((rule): ITableColumn<MatrixRow> => ({
        id: rule.id,
        name: ruleHeader(rule),
        ariaLabel: rule.title,
        width: 132,
        renderCell: (_index, columnIndex, column, row) => {
          const cell = row.cells.get(rule.id);
          return (
            <SimpleTableCell key={column.id} columnIndex={columnIndex} tableColumn={column}>
              {cell ? (
                <button
                  type="button"
                  className="rt-cell-button"
                  aria-label={`${row.name}, ${rule.title}: ${outcomeLabels[cell.outcome]}${
                    cell.results.length > 1 ? ` (${cell.results.length} branches)` : ""
                  }. Show evidence`}
                  data-outcome={cell.outcome}
                  onClick={() => onOpen({ rowKey: rowKey(row), ruleId: rule.id })}
                >
                  <OutcomeIcon outcome={cell.outcome} short />
                  {cell.results.length > 1 && (
                    <span className="rt-cell-count" aria-hidden>
                      ×{cell.results.length}
                    </span>
                  )}
                </button>
              ) : (
                <span className="rt-muted" aria-label="Not evaluated">
                  –
                </span>
              )}
            </SimpleTableCell>
          );
        },
      })),
    ],
    [rules, nameHeader, onOpen],
  );
  const provider = React.useMemo(() => new ArrayItemProvider(rows), [rows]);
  return (
    <div className="rt-table-scroll">
      <Table<MatrixRow>
        columns={columns}
        itemProvider={provider}
        role="table"
        ariaLabel={props.ariaLabel}
        pageSize={40}
      />
    </div>
  );
}
