import * as React from "react";
import type { RuleMetadata } from "../../core/compliance/types";
import { kindLabel, outcomeLabels, type MatrixRow } from "../compliance/matrix";
import { OutcomeIcon } from "./OutcomeIcon";
import { useAvailableWidth } from "../hooks/useAvailableWidth";
import { WindowedTable, type WindowedColumn } from "./WindowedTable";
import "./compliance.css";

export interface CellSelection {
  rowKey: string;
  ruleId: string;
}

export function rowKey(row: MatrixRow): string {
  return `${row.kind}|${row.id}`;
}

function scoreText(score: number | null): string {
  return score === null ? "N/A" : `${score}%`;
}

/** Column header for a rule: its id without the family prefix (`branch.`), the title as hint. */
function ruleHeader(rule: RuleMetadata): string {
  return rule.id.replace(/^[a-z]+\./, "");
}

const NAME_WIDTH = 220;
const SCORE_WIDTH = 72;
/** A rule column never narrower (its header's start and the outcome stay legible), nor wider. */
const MIN_RULE = 112;
const MAX_RULE = 220;

/** Rule columns share the card's width, so the matrix fills it; past MIN_RULE they scroll inside. */
export function complianceRuleWidth(available: number, rules: number): number {
  const share = Math.floor((available - NAME_WIDTH - SCORE_WIDTH - 2) / Math.max(1, rules));
  return Math.max(MIN_RULE, Math.min(MAX_RULE, share));
}

/**
 * Targets × rules, windowed (only the rows in view render), so a thousand repositories cost what
 * a screenful costs. Each cell is a button that opens the evidence. A WAI-ARIA grid: one Tab
 * stop, arrow keys move between cells.
 */
export function ComplianceMatrix(props: {
  rows: MatrixRow[];
  rules: RuleMetadata[];
  nameHeader: string;
  onOpen: (selection: CellSelection) => void;
  ariaLabel: string;
}) {
  const { rows, rules, nameHeader, onOpen } = props;
  const box = React.useRef<HTMLDivElement>(null);
  // Under jsdom (no layout) the width is that of a 1440 px page.
  const ruleWidth = complianceRuleWidth(useAvailableWidth(box) || 1376, rules.length);
  const columns = React.useMemo<WindowedColumn[]>(
    () => [
      { id: "name", header: nameHeader, width: NAME_WIDTH },
      { id: "score", header: "Score", width: SCORE_WIDTH },
      ...rules.map((rule): WindowedColumn => ({
        id: rule.id,
        header: ruleHeader(rule),
        ariaLabel: rule.title,
        title: `${rule.title} (${rule.id})`,
        width: ruleWidth,
      })),
    ],
    [rules, nameHeader, ruleWidth],
  );
  const ruleById = React.useMemo(() => new Map(rules.map((rule) => [rule.id, rule])), [rules]);
  const renderCell = React.useCallback(
    (row: MatrixRow, column: WindowedColumn) => {
      if (column.id === "name") {
        return (
          <>
            <span className="text-ellipsis" title={row.name}>
              {row.name}
            </span>
            {row.kind !== "repository" && (
              <span className="rt-muted margin-left-8">{kindLabel(row.kind)}</span>
            )}
          </>
        );
      }
      if (column.id === "score") {
        return (
          <span className="rt-score" aria-label={`Score of ${row.name}: ${scoreText(row.score)}`}>
            {scoreText(row.score)}
          </span>
        );
      }
      const rule = ruleById.get(column.id);
      const cell = row.cells.get(column.id);
      return cell && rule ? (
        <button
          type="button"
          className="rt-cell-button"
          aria-label={`${row.name}, ${rule.title}: ${outcomeLabels[cell.outcome]}${
            cell.results.length > 1 ? ` (${cell.results.length} branches)` : ""
          }. Show evidence`}
          data-outcome={cell.outcome}
          onClick={() => onOpen({ rowKey: rowKey(row), ruleId: column.id })}
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
      );
    },
    [ruleById, onOpen],
  );
  return (
    <div ref={box} className="rt-compliance-matrix-box">
      <WindowedTable<MatrixRow>
        className="rt-table-scroll rt-compliance-matrix-scroll"
        rows={rows}
        columns={columns}
        rowHeight={40}
        rowKey={rowKey}
        renderCell={renderCell}
        ariaLabel={props.ariaLabel}
        height={600}
        stickyFirstColumn
        grid
      />
    </div>
  );
}
