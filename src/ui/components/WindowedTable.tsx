import * as React from "react";
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

/**
 * A real <table> in its own scroll box that renders only the rows (and, past the first column,
 * the columns) in view: tens of thousands of rows or a 40-column matrix cost what a screenful
 * costs. Rows have a fixed height; the header row and the first column stay in place while
 * scrolling. aria-rowcount/aria-rowindex tell assistive technology the full size.
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
}) {
  const { rows, columns, rowHeight, renderCell, rowKey, height } = props;
  const scroller = React.useRef<HTMLDivElement>(null);
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
  }, [height]);
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

  // The header row scrolls with the body, so the body's offset is the scroll offset.
  const { first, last } = windowOf(
    viewport.top,
    viewport.height,
    rowHeight,
    rows.length,
    OVERSCAN_ROWS,
  );
  const fixed = props.stickyFirstColumn && columns.length > 0 ? 1 : 0;
  const fixedWidth = fixed ? columns[0].width : 0;
  const rest = columns.slice(fixed);
  const restWidth = rest.reduce((sum, column) => sum + column.width, 0);
  const totalWidth = fixedWidth + restWidth;
  // Which of the other columns are in view (widths may differ: walk them).
  let columnFirst = 0;
  let offset = 0;
  const visibleLeft = Math.max(0, viewport.left - viewport.width);
  while (columnFirst < rest.length && offset + rest[columnFirst].width <= visibleLeft) {
    offset += rest[columnFirst].width;
    columnFirst++;
  }
  const leftPad = offset;
  let columnLast = columnFirst;
  const visibleRight = viewport.left + 2 * viewport.width;
  while (columnLast < rest.length && offset < visibleRight) {
    offset += rest[columnLast].width;
    columnLast++;
  }
  const rightPad = restWidth - offset;
  const shown = [...columns.slice(0, fixed), ...rest.slice(columnFirst, columnLast)];
  const firstColumnIndex = (column: number) => (column < fixed ? column : columnFirst + column);

  return (
    <div
      ref={scroller}
      className={`rt-window-scroll ${props.className ?? ""}`}
      style={{ maxHeight: height }}
      onScroll={onScroll}
    >
      <table
        className="rt-window-table body-s"
        role="table"
        aria-label={props.ariaLabel}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        style={{ width: totalWidth }}
      >
        <colgroup>
          {shown.slice(0, fixed).map((column) => (
            <col key={column.id} style={{ width: column.width }} />
          ))}
          {leftPad > 0 && <col style={{ width: leftPad }} />}
          {shown.slice(fixed).map((column) => (
            <col key={column.id} style={{ width: column.width }} />
          ))}
          {rightPad > 0 && <col style={{ width: rightPad }} />}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {shown.map((column, index) => (
              <React.Fragment key={column.id}>
                {index === fixed && leftPad > 0 && <th aria-hidden className="rt-window-pad" />}
                <th
                  scope="col"
                  aria-colindex={firstColumnIndex(index) + 1}
                  aria-label={column.ariaLabel}
                  title={column.title}
                  className={index < fixed ? "rt-window-sticky" : undefined}
                >
                  {column.header}
                </th>
              </React.Fragment>
            ))}
            {rightPad > 0 && <th aria-hidden className="rt-window-pad" />}
          </tr>
        </thead>
        <tbody>
          {first > 0 && (
            <tr aria-hidden className="rt-window-pad" style={{ height: first * rowHeight }} />
          )}
          {rows.slice(first, last).map((row, offsetInWindow) => {
            const index = first + offsetInWindow;
            return (
              <tr
                key={rowKey(row, index)}
                data-row-index={index}
                aria-rowindex={index + 2}
                style={{ height: rowHeight }}
              >
                {shown.map((column, columnIndex) => (
                  <React.Fragment key={column.id}>
                    {columnIndex === fixed && leftPad > 0 && (
                      <td aria-hidden className="rt-window-pad" />
                    )}
                    <td
                      aria-colindex={firstColumnIndex(columnIndex) + 1}
                      className={columnIndex < fixed ? "rt-window-sticky" : undefined}
                    >
                      {renderCell(row, column, index)}
                    </td>
                  </React.Fragment>
                ))}
                {rightPad > 0 && <td aria-hidden className="rt-window-pad" />}
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
      </table>
    </div>
  );
}
