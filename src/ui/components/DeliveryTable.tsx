import * as React from "react";
import type { MetricsRow } from "../../core/metrics/types";
import { headlineText, METRIC_VIEWS, universeText, type MetricView } from "../metrics/figures";
import { rowName } from "../metrics/evidence";
import { BandChip } from "./DeliveryTiles";
import "./delivery.css";

/** The key of a row, for React and for the drill-down. */
export function rowKey(row: MetricsRow): string {
  return `${row.scope.kind}:${row.scope.pipeline.id}:${row.scope.environment}`;
}

/** Each pipeline × environment with each figure; a figure opens its evidence. */
export function DeliveryTable(props: {
  rows: MetricsRow[];
  onOpen: (row: MetricsRow, view: MetricView) => void;
}) {
  return (
    <div className="rt-delivery-table-wrap">
      <table
        className="rt-table rt-delivery-table rt-table-wrapped-head"
        aria-label="By pipeline and environment"
      >
        <thead>
          <tr>
            <th scope="col">Pipeline</th>
            <th scope="col">Environment</th>
            {METRIC_VIEWS.map((view) => (
              <th scope="col" key={view.id}>
                {view.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={rowKey(row)} aria-label={rowName(row)}>
              <th scope="row">
                {row.scope.pipeline.name}
                <div className="rt-muted">{row.scope.kind === "yaml" ? "YAML" : "Classic"}</div>
              </th>
              <td>{row.scope.environment}</td>
              {METRIC_VIEWS.map((view) => {
                const figure = row.figures[view.key];
                const text = headlineText(figure, view);
                return (
                  <td key={view.id}>
                    <button
                      type="button"
                      className={`rt-link rt-figure-link rt-outcome-${figure.outcome}`}
                      aria-label={`${rowName(row)}, ${view.name}: ${text}. Show the evidence`}
                      onClick={() => props.onOpen(row, view)}
                    >
                      {text}
                    </button>
                    <div className="rt-cell-meta">
                      <BandChip band={figure.band} metric={view.id} />
                      <span className="rt-muted">{universeText(figure)}</span>
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
