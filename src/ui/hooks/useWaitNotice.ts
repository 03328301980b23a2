import * as React from "react";
import type { WaitNotice } from "../../core/sources";
import { useUiEnvironment } from "../context";

/**
 * The wait the REST layer is in now (throttling, Retry-After, back-off over 5 s), or undefined:
 * cleared when the wait is over, so the notice never outlives it.
 */
export function useWaitNotice(): WaitNotice | undefined {
  const { waits } = useUiEnvironment();
  const [notice, setNotice] = React.useState<WaitNotice | undefined>(undefined);
  React.useEffect(() => {
    if (!waits) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = waits.subscribe((next) => {
      setNotice(next);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setNotice(undefined), next.ms);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [waits]);
  return notice;
}
