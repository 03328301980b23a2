/**
 * What every side panel does with the keyboard: Escape closes it wherever focus is (also after
 * a download took focus out of the panel), and on closing, focus goes back to what opened it.
 */
import * as React from "react";

export function usePanelKeyboard(onDismiss: () => void): void {
  // What had focus when the panel rendered first: the cell or button that opened it.
  const [opener] = React.useState(() =>
    typeof document === "undefined" ? null : (document.activeElement as HTMLElement | null),
  );
  const dismiss = React.useRef(onDismiss);
  dismiss.current = onDismiss;
  React.useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) dismiss.current();
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      // After the panel's own focus handling has run, and only if the opener is still shown.
      setTimeout(() => {
        if (opener && opener !== document.body && opener.isConnected) opener.focus();
      }, 0);
    };
  }, [opener]);
}
