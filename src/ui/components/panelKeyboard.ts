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
    // Captured, so a button that keeps Escape to itself (a menu button whose menu is already
    // closed) cannot keep the panel open; an open menu or callout closes first, on its own.
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as Element | null;
      // A menu is a callout of its own, outside the panel's content.
      const inMenu =
        target?.closest?.(".bolt-callout") && !target.closest(".bolt-panel-callout-content");
      if (event.key === "Escape" && !inMenu) dismiss.current();
    };
    document.addEventListener("keydown", onKey, true);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      // After the panel's own focus handling has run, and only if the opener is still shown.
      setTimeout(() => {
        if (opener && opener !== document.body && opener.isConnected) opener.focus();
      }, 0);
    };
  }, [opener]);
}
