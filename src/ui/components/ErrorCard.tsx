import * as React from "react";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { describeError } from "../errors";

/** A failed load, said plainly: what failed and why (with the error kind). */
export function ErrorCard(props: { error: unknown; whatFailed: string; className?: string }) {
  const { title, detail } = describeError(props.error, props.whatFailed);
  return (
    <MessageCard className={props.className} severity={MessageCardSeverity.Error} role="alert">
      <div className="flex-column">
        <span className="font-weight-semibold">{title}</span>
        <span>{detail}</span>
      </div>
    </MessageCard>
  );
}
