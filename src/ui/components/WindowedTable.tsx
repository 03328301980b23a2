import * as React from "react";
import { cellElement, useGridNavigation, type GridPosition } from "./gridNavigation";
import "./windowed.css";

export interface WindowedColumn {
  id: string;
  header: React.ReactNode;
  /** Spoken header when `header` is short (e.g. a rule id). */
  ariaLabel?: string;
  title?: string;
  width: number;
}

/** Rows rendered beyond the visible ones on each side, so a quick scroll shows no blank. */
const OVERSCAN_ROWS = 6;
/** The header row's height (windowed.css). */
const HEADER_HEIGHT = 36;
/** Used before the first layout (and under jsdom, which has none). */
const FALLBACK_WIDTH = 1280;

interface Viewport {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** The slice [first, last) of fixed-size items that a window of `size` at `offset` shows. */
export function windowOf(
  offset: number,
  size: number,
  itemSize: number,
  count: number,
  overscan: number,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(offset / itemSize) - overscan);
  const last = Math.min(count, Math.ceil((offset + size) / itemSize) + overscan);
  return { first, last: Math.max(first, last) };
}

/** Width the scrolling columns keep at least, beside the fixed and pinned ones. */
const MIN_SCROLLING_WIDTH = 120;

/**
 * How many of the last columns to pin: as asked, or the most whose widths (with the fixed first
 * column) leave the box room to scroll the others. Pinned columns wider than the box would lie
 * over each other and over the cells they are meant to sit beside (a project with a dozen
 * production environments); those left unpinned scroll like the others.
 */
export function pinnedThatFit(
  columns: readonly WindowedColumn[],
  counts: { fixed: number; asked: number },
  boxWidth: number,
): number {
  if (boxWidth <= 0) return counts.asked;
  let room = boxWidth - MIN_SCROLLING_WIDTH;
  for (const column of columns.slice(0, counts.fixed)) room -= column.width;
  let pinned = 0;
  while (pinned < counts.asked) {
    const next = columns[columns.length - 1 - pinned];
    if (!next || next.width > room) break;
    room -= next.width;
    pinned++;
  }
  return pinned;
}

/** Which columns render: the fixed first one, the middle ones in view, the pinned last ones. */
interface ColumnWindow {
  fixed: WindowedColumn[];
  middle: WindowedColumn[];
  pinned: WindowedColumn[];
  /** Index (in all columns) of the first middle column shown. */
  middleFirst: number;
  leftPad: number;
  rightPad: number;
  totalWidth: number;
}

function columnWindow(
  columns: readonly WindowedColumn[],
  counts: { fixed: number; pinned: number },
  viewport: Viewport,
): ColumnWindow {
  const fixed = columns.slice(0, counts.fixed);
  const pinned = columns.slice(Math.max(counts.fixed, columns.length - counts.pinned));
  const rest = columns.slice(counts.fixed, columns.length - pinned.length);
  const width = (list: readonly WindowedColumn[]) =>
    list.reduce((sum, column) => sum + column.width, 0);
  const restWidth = width(rest);
  // Which of the other columns are in view (widths may differ: walk them).
  let first = 0;
  let offset = 0;
  const visibleLeft = Math.max(0, viewport.left - viewport.width);
  while (first < rest.length && offset + rest[first].width <= visibleLeft) {
    offset += rest[first].width;
    first++;
  }
  const leftPad = offset;
  let last = first;
  const visibleRight = viewport.left + 2 * viewport.width;
  while (last < rest.length && offset < visibleRight) {
    offset += rest[last].width;
    last++;
  }
  return {
    fixed,
    middle: rest.slice(first, last),
    pinned,
    middleFirst: counts.fixed + first,
    leftPad,
    rightPad: restWidth - offset,
    totalWidth: width(fixed) + restWidth + width(pinned),
  };
}

/** Sticky offsets: the first column at the left, each pinned one after those to its right. */
function stickyStyle(
  layout: ColumnWindow,
  kind: "fixed" | "pinned",
  index: number,
): React.CSSProperties | undefined {
  if (kind === "fixed") return undefined;
  const right = layout.pinned.slice(index + 1).reduce((sum, column) => sum + column.width, 0);
  return { right };
}

interface ShownColumn {
  column: WindowedColumn;
  /** Index in all columns. */
  index: number;
  kind: "fixed" | "middle" | "pinned";
  /** Index within its kind (for sticky offsets). */
  at: number;
}

/** The columns in render order, with a marker where each padding cell goes. */
function shownColumns(layout: ColumnWindow, count: number): ShownColumn[] {
  return [
    ...layout.fixed.map((column, at) => ({ column, index: at, kind: "fixed" as const, at })),
    ...layout.middle.map((column, at) => ({
      column,
      index: layout.middleFirst + at,
      kind: "middle" as const,
      at,
    })),
    ...layout.pinned.map((column, at) => ({
      column,
      index: count - layout.pinned.length + at,
      kind: "pinned" as const,
      at,
    })),
  ];
}

function cellClass(shown: ShownColumn): string | undefined {
  if (shown.kind === "fixed") return "rt-window-sticky";
  if (shown.kind === "pinned")
    return `rt-window-pinned${shown.at === 0 ? " rt-window-pinned-first" : ""}`;
  return undefined;
}

/** Scrolls the box so a cell is in view and not under the sticky columns. */
function scrollIntoView(
  element: HTMLDivElement,
  layout: { columns: readonly WindowedColumn[]; fixed: number; pinned: number; rowHeight: number },
  position: GridPosition,
): void {
  // A header that wraps (the compliance rules) is taller than one line.
  const header = element.querySelector("thead")?.getBoundingClientRect().height || HEADER_HEIGHT;
  const top = position.row * layout.rowHeight;
  if (top < element.scrollTop) element.scrollTop = top;
  else if (top + layout.rowHeight + header > element.scrollTop + element.clientHeight)
    element.scrollTop = top + layout.rowHeight + header - element.clientHeight;
  const { columns } = layout;
  if (position.column < layout.fixed || position.column >= columns.length - layout.pinned) return;
  const width = (list: readonly WindowedColumn[]) =>
    list.reduce((sum, column) => sum + column.width, 0);
  const fixedWidth = width(columns.slice(0, layout.fixed));
  const pinnedWidth = width(columns.slice(columns.length - layout.pinned));
  const left = width(columns.slice(layout.fixed, position.column));
  const right = left + columns[position.column].width;
  const visible = element.clientWidth - fixedWidth - pinnedWidth;
  if (left < element.scrollLeft) element.scrollLeft = left;
  else if (right > element.scrollLeft + visible) element.scrollLeft = right - visible;
}

/**
 * A real <table> in its own scroll box that renders only the rows (and, past the first column,
 * the columns) in view: tens of thousands of rows or a 40-column matrix cost what a screenful
 * costs. Rows have a fixed height; the header row and the first column stay in place while
 * scrolling, and so do the last `pinnedColumns` (at the right). aria-rowcount/aria-rowindex tell
 * assistive technology the full size. With `grid`, it is a WAI-ARIA grid: one Tab stop, arrow
 * keys move between cells.
 */
export function WindowedTable<T>(props: {
  rows: readonly T[];
  columns: readonly WindowedColumn[];
  rowHeight: number;
  rowKey: (row: T, index: number) => string | number;
  renderCell: (row: T, column: WindowedColumn, rowIndex: number) => React.ReactNode;
  ariaLabel: string;
  /** Height of the scroll box in px (it shrinks to fit fewer rows). */
  height: number;
  className?: string;
  /** Keeps the first column in view while scrolling sideways. */
  stickyFirstColumn?: boolean;
  /** Keeps this many last columns in view at the right while scrolling sideways. */
  pinnedColumns?: number;
  /** A WAI-ARIA grid: arrow-key navigation between cells, one Tab stop. */
  grid?: boolean;
}) {
  const { rows, columns, rowHeight, height } = props;
  const scroller = React.useRef<HTMLDivElement>(null);
  const table = React.useRef<HTMLTableElement>(null);
  const { viewport, measure, onScroll } = useViewport(scroller, height);
  const fixed = props.stickyFirstColumn && columns.length > 0 ? 1 : 0;
  const pinned = pinnedThatFit(
    columns,
    { fixed, asked: Math.min(props.pinnedColumns ?? 0, columns.length - fixed) },
    viewport.width,
  );
  const layout = columnWindow(columns, { fixed, pinned }, viewport);
  const reveal = React.useCallback(
    (position: GridPosition) => {
      const element = scroller.current;
      if (!element) return;
      if (table.current && cellElement(table.current, position)) return;
      scrollIntoView(element, { columns, fixed, pinned, rowHeight }, position);
      measure();
    },
    [columns, fixed, pinned, rowHeight, measure],
  );
  const navigation = useGridNavigation({
    enabled: props.grid === true,
    table,
    rows: rows.length,
    columns: columns.length,
    page: Math.max(1, Math.floor(viewport.height / rowHeight) - 1),
    reveal,
  });
  return (
    <div
      ref={scroller}
      className={`rt-window-scroll${pinned > 0 ? " rt-window-pinned-scroll" : ""} ${props.className ?? ""}`}
      style={{ maxHeight: height, ...stickyScrollPadding(layout) }}
      onScroll={onScroll}
    >
      <table
        ref={table}
        className="rt-table rt-window-table body-s"
        role={props.grid ? "grid" : "table"}
        aria-label={props.ariaLabel}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        style={{ width: layout.totalWidth }}
        onKeyDown={navigation.onKeyDown}
        onFocus={navigation.onFocus}
      >
        <WindowedHead layout={layout} count={columns.length} />
        <WindowedBody {...props} layout={layout} viewport={viewport} />
      </table>
    </div>
  );
}

/**
 * Scrolling a cell into view (a click, focus) stops it beside the header and the sticky columns,
 * not under them, where they would cover it and take its clicks.
 */
function stickyScrollPadding(layout: ColumnWindow): React.CSSProperties {
  const width = (list: readonly WindowedColumn[]) =>
    list.reduce((sum, column) => sum + column.width, 0);
  return {
    scrollPaddingTop: HEADER_HEIGHT,
    scrollPaddingLeft: width(layout.fixed),
    scrollPaddingRight: width(layout.pinned),
  };
}

/** Scroll position and size of the box, updated at most once a frame. */
function useViewport(scroller: React.RefObject<HTMLDivElement>, height: number) {
  const [viewport, setViewport] = React.useState<Viewport>({
    top: 0,
    left: 0,
    height,
    width: FALLBACK_WIDTH,
  });
  const pending = React.useRef<number | undefined>(undefined);
  const measure = React.useCallback(() => {
    pending.current = undefined;
    const element = scroller.current;
    if (!element) return;
    const next = {
      top: element.scrollTop,
      left: element.scrollLeft,
      height: element.clientHeight || height,
      width: element.clientWidth || FALLBACK_WIDTH,
    };
    setViewport((current) =>
      current.top === next.top &&
      current.left === next.left &&
      current.height === next.height &&
      current.width === next.width
        ? current
        : next,
    );
  }, [height, scroller]);
  // One update per frame however many scroll events arrive.
  const onScroll = React.useCallback(() => {
    if (pending.current === undefined) pending.current = requestAnimationFrame(measure);
  }, [measure]);
  React.useLayoutEffect(() => {
    measure();
    window.addEventListener("resize", onScroll);
    return () => {
      window.removeEventListener("resize", onScroll);
      if (pending.current !== undefined) cancelAnimationFrame(pending.current);
    };
  }, [measure, onScroll]);
  return { viewport, measure, onScroll };
}

function WindowedHead(props: { layout: ColumnWindow; count: number }) {
  const { layout, count } = props;
  const shown = shownColumns(layout, count);
  const pad = (kind: "left" | "right") =>
    (kind === "left" ? layout.leftPad : layout.rightPad) > 0 && (
      <th aria-hidden className="rt-window-pad" />
    );
  return (
    <>
      <colgroup>
        {shown.map((item) => (
          <React.Fragment key={item.column.id}>
            {item.index === layout.middleFirst && item.kind === "middle" && layout.leftPad > 0 && (
              <col style={{ width: layout.leftPad }} />
            )}
            {item.kind === "pinned" && item.at === 0 && layout.rightPad > 0 && (
              <col style={{ width: layout.rightPad }} />
            )}
            <col style={{ width: item.column.width }} />
          </React.Fragment>
        ))}
        {layout.pinned.length === 0 && layout.rightPad > 0 && (
          <col style={{ width: layout.rightPad }} />
        )}
      </colgroup>
      <thead>
        <tr aria-rowindex={1}>
          {shown.map((item) => (
            <React.Fragment key={item.column.id}>
              {item.kind === "middle" && item.at === 0 && pad("left")}
              {item.kind === "pinned" && item.at === 0 && pad("right")}
              <th
                scope="col"
                aria-colindex={item.index + 1}
                aria-label={item.column.ariaLabel}
                title={item.column.title}
                className={cellClass(item)}
                style={item.kind === "pinned" ? stickyStyle(layout, "pinned", item.at) : undefined}
              >
                {item.column.header}
              </th>
            </React.Fragment>
          ))}
          {layout.pinned.length === 0 && pad("right")}
        </tr>
      </thead>
    </>
  );
}

function WindowedBody<T>(props: {
  rows: readonly T[];
  columns: readonly WindowedColumn[];
  rowHeight: number;
  rowKey: (row: T, index: number) => string | number;
  renderCell: (row: T, column: WindowedColumn, rowIndex: number) => React.ReactNode;
  layout: ColumnWindow;
  viewport: Viewport;
  grid?: boolean;
}) {
  const { rows, rowHeight, layout, viewport } = props;
  // The header row scrolls with the body, so the body's offset is the scroll offset.
  const { first, last } = windowOf(
    viewport.top,
    viewport.height,
    rowHeight,
    rows.length,
    OVERSCAN_ROWS,
  );
  const shown = shownColumns(layout, props.columns.length);
  const pad = (kind: "left" | "right") =>
    (kind === "left" ? layout.leftPad : layout.rightPad) > 0 && (
      <td aria-hidden className="rt-window-pad" />
    );
  return (
    <tbody>
      {first > 0 && (
        <tr aria-hidden className="rt-window-pad" style={{ height: first * rowHeight }} />
      )}
      {rows.slice(first, last).map((row, offsetInWindow) => {
        const index = first + offsetInWindow;
        return (
          <tr
            key={props.rowKey(row, index)}
            data-row-index={index}
            aria-rowindex={index + 2}
            style={{ height: rowHeight }}
          >
            {shown.map((item) => (
              <React.Fragment key={item.column.id}>
                {item.kind === "middle" && item.at === 0 && pad("left")}
                {item.kind === "pinned" && item.at === 0 && pad("right")}
                <td
                  aria-colindex={item.index + 1}
                  role={props.grid ? "gridcell" : undefined}
                  data-grid-row={props.grid ? index : undefined}
                  data-grid-column={props.grid ? item.index : undefined}
                  className={cellClass(item)}
                  style={
                    item.kind === "pinned" ? stickyStyle(layout, "pinned", item.at) : undefined
                  }
                >
                  {props.renderCell(row, item.column, index)}
                </td>
              </React.Fragment>
            ))}
            {layout.pinned.length === 0 && pad("right")}
          </tr>
        );
      })}
      {last < rows.length && (
        <tr
          aria-hidden
          className="rt-window-pad"
          style={{ height: (rows.length - last) * rowHeight }}
        />
      )}
    </tbody>
  );
}
