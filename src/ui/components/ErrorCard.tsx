import * as React from "react";
import { NotAvailableNotice } from "./NotAvailableNotice";

/**
 * A load that failed as a whole, said plainly: what failed, one plain sentence why, and the
 * technical detail behind "Details" (the one notice every view uses).
 */
export function ErrorCard(props: { error: unknown; whatFailed: string; className?: string }) {
  return (
    <NotAvailableNotice
      error={props.error}
      title={props.whatFailed}
      severity="error"
      className={props.className}
    />
  );
}
