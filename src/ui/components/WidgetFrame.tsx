import * as React from "react";
import "./ui.css";

/** Dashboard sizes in cells, as the host passes them. */
export interface WidgetSize {
  rowSpan: number;
  columnSpan: number;
}

export function WidgetFrame(props: { title: string; children: React.ReactNode }) {
  return (
    <div className="rt-widget flex-column">
      <h2 className="rt-widget-title text-ellipsis" title={props.title}>
        {props.title}
      </h2>
      <div className="rt-widget-body flex-grow flex-column scroll-hidden">{props.children}</div>
    </div>
  );
}
