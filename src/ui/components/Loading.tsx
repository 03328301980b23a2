import * as React from "react";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";

export function Loading(props: { label: string; className?: string }) {
  return (
    <div className={`flex-row justify-center padding-16 ${props.className ?? ""}`}>
      <Spinner size={SpinnerSize.medium} label={props.label} ariaLive="polite" />
    </div>
  );
}
