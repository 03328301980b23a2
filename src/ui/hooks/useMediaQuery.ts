import * as React from "react";

/**
 * Whether a CSS media query matches, followed as the frame resizes: for layouts that change what
 * renders (a column stacked into another), where CSS alone would have to duplicate content.
 * False where the browser has no matchMedia (tests without layout).
 */
export function useMediaQuery(query: string): boolean {
  const list = React.useMemo(
    () => (typeof window.matchMedia === "function" ? window.matchMedia(query) : undefined),
    [query],
  );
  const [matches, setMatches] = React.useState(list?.matches ?? false);
  React.useEffect(() => {
    if (!list) return undefined;
    const onChange = () => setMatches(list.matches);
    onChange();
    list.addEventListener("change", onChange);
    return () => list.removeEventListener("change", onChange);
  }, [list]);
  return matches;
}
