import * as React from "react";

/** The width of a box (what a wide table may fill), followed as the window resizes; 0 before layout. */
export function useAvailableWidth(box: React.RefObject<HTMLElement>): number {
  const [width, setWidth] = React.useState(0);
  React.useLayoutEffect(() => {
    const measure = () => setWidth(box.current?.clientWidth ?? 0);
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [box]);
  return width;
}
