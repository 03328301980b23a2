/**
 * Arrow-key navigation for a windowed table used as a WAI-ARIA grid: one Tab stop (the active
 * cell, or the first control inside it), arrows move between cells, Home/End and Ctrl+Home/End
 * go to the row's or the grid's ends, PageUp/PageDown move by a screenful. A cell with two
 * controls (what runs there and a newer attempt) is walked through with Up/Down before leaving.
 */
import * as React from "react";

export interface GridPosition {
  row: number;
  column: number;
  /** Which control inside the cell (0 when it has none or one). */
  item: number;
}

const FOCUSABLE = "button, a[href], input, select, textarea, [tabindex]";

/** The controls inside a cell (not the cell itself). */
export function controlsOf(cell: Element): HTMLElement[] {
  return [...cell.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => element !== cell && !element.hasAttribute("disabled"),
  );
}

export function cellElement(
  table: HTMLElement,
  position: { row: number; column: number },
): HTMLElement | null {
  return table.querySelector<HTMLElement>(
    `td[data-grid-row="${position.row}"][data-grid-column="${position.column}"]`,
  );
}

/** What a cell gives focus to: its chosen control, else the cell itself. */
export function focusTarget(cell: HTMLElement, item: number): HTMLElement {
  const controls = controlsOf(cell);
  return controls[Math.min(item, controls.length - 1)] ?? cell;
}

interface Extent {
  rows: number;
  columns: number;
  /** Rows a PageUp/PageDown moves. */
  page: number;
  /** Controls in the current cell. */
  items: number;
}

/** Where a key moves the active cell, or undefined when the key is not a grid key. */
export function nextPosition(
  key: string,
  ctrl: boolean,
  at: GridPosition,
  extent: Extent,
): GridPosition | undefined {
  const clampRow = (row: number) => Math.max(0, Math.min(extent.rows - 1, row));
  const clampColumn = (column: number) => Math.max(0, Math.min(extent.columns - 1, column));
  switch (key) {
    case "ArrowRight":
      return { row: at.row, column: clampColumn(at.column + 1), item: 0 };
    case "ArrowLeft":
      return { row: at.row, column: clampColumn(at.column - 1), item: 0 };
    case "ArrowDown":
      return at.item + 1 < extent.items
        ? { ...at, item: at.item + 1 }
        : {
            row: clampRow(at.row + 1),
            column: at.column,
            item: at.row + 1 < extent.rows ? 0 : at.item,
          };
    case "ArrowUp":
      return at.item > 0
        ? { ...at, item: at.item - 1 }
        : { row: clampRow(at.row - 1), column: at.column, item: at.row > 0 ? 99 : 0 };
    case "Home":
      return ctrl ? { row: 0, column: 0, item: 0 } : { row: at.row, column: 0, item: 0 };
    case "End":
      return ctrl
        ? { row: extent.rows - 1, column: extent.columns - 1, item: 0 }
        : { row: at.row, column: extent.columns - 1, item: 0 };
    case "PageDown":
      return { row: clampRow(at.row + extent.page), column: at.column, item: 0 };
    case "PageUp":
      return { row: clampRow(at.row - extent.page), column: at.column, item: 0 };
    default:
      return undefined;
  }
}

/** The cell a key event came from, read from the DOM (rows and columns are windowed). */
function positionOf(target: EventTarget | null): GridPosition | undefined {
  const cell = (target as HTMLElement | null)?.closest?.("td[data-grid-row]");
  if (!cell) return undefined;
  const item = controlsOf(cell).indexOf(target as HTMLElement);
  return {
    row: Number(cell.getAttribute("data-grid-row")),
    column: Number(cell.getAttribute("data-grid-column")),
    item: Math.max(0, item),
  };
}

/**
 * Keeps exactly one Tab stop in the grid and moves focus on grid keys. `reveal` scrolls a
 * position into view (so the windowed table renders it) before focus moves there.
 */
export function useGridNavigation(props: {
  enabled: boolean;
  table: React.RefObject<HTMLTableElement>;
  rows: number;
  columns: number;
  page: number;
  reveal: (position: GridPosition) => void;
}) {
  const { enabled, table, rows, columns, page, reveal } = props;
  const active = React.useRef<GridPosition>({ row: 0, column: 0, item: 0 });
  const pendingFocus = React.useRef(false);
  // A move within the rendered window changes no state of the table: render again to focus.
  const [, rerender] = React.useReducer((count: number) => count + 1, 0);
  // After every render: the active cell (or, when it is out of view, the first one rendered) is
  // the only Tab stop; focus follows a key press once the cell is rendered.
  React.useLayoutEffect(() => {
    const element = table.current;
    if (!enabled || !element) return;
    const cells = [...element.querySelectorAll<HTMLElement>("td[data-grid-row]")];
    cells.forEach((cell) => {
      cell.tabIndex = -1;
      controlsOf(cell).forEach((control) => (control.tabIndex = -1));
    });
    const cell = cellElement(element, active.current) ?? cells[0];
    if (!cell) return;
    const target = focusTarget(cell, active.current.item);
    target.tabIndex = 0;
    if (pendingFocus.current && cellElement(element, active.current)) {
      pendingFocus.current = false;
      target.focus({ preventScroll: true });
    }
  });
  const onKeyDown = React.useCallback(
    (event: React.KeyboardEvent) => {
      const at = positionOf(event.target);
      if (!enabled || !at || event.altKey) return;
      const cell = table.current && cellElement(table.current, at);
      const items = cell ? Math.max(1, controlsOf(cell).length) : 1;
      const next = nextPosition(event.key, event.ctrlKey || event.metaKey, at, {
        rows,
        columns,
        page,
        items,
      });
      if (!next) return;
      event.preventDefault();
      active.current = next;
      pendingFocus.current = true;
      reveal(next);
      rerender();
    },
    [enabled, table, rows, columns, page, reveal],
  );
  // A click or Tab into a cell makes it the active one.
  const onFocus = React.useCallback((event: React.FocusEvent) => {
    const at = positionOf(event.target);
    if (at) active.current = at;
  }, []);
  return { onKeyDown, onFocus };
}
