import * as React from "react";
import { Link } from "azure-devops-ui/Link";
import { useUiEnvironment } from "../context";

/**
 * A link into Azure DevOps. A plain click asks the host page to navigate (the extension lives in
 * a frame); modified clicks keep the browser's own behaviour (new tab, new window).
 */
export function WebLink(props: { href: string; children: React.ReactNode; className?: string }) {
  const { navigate } = useUiEnvironment();
  const { href } = props;
  const onClick = React.useCallback(
    (event: React.MouseEvent<HTMLAnchorElement> | React.KeyboardEvent<HTMLAnchorElement>) => {
      if (!navigate) return;
      const modified = event.ctrlKey || event.metaKey || event.shiftKey || event.altKey;
      if (modified || ("button" in event && event.button !== 0)) return;
      event.preventDefault();
      navigate(href);
    },
    [navigate, href],
  );
  return (
    <Link
      className={props.className}
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      onClick={onClick}
    >
      {props.children}
    </Link>
  );
}
