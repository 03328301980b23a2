import * as React from "react";
import {
  fieldWords,
  kindWords,
  plainSentence,
  unknownFieldsOf,
  type NotAvailable,
} from "../../core/sources";

/** The fields an item's markers name, for cells that must say "unknown" rather than "none". */
export function unknownFields(unknown: readonly NotAvailable[] | undefined): Set<string> {
  return new Set((unknown ?? []).flatMap((entry) => entry.fields ?? []));
}

/**
 * An item kept in a view although some of its fields could not be read: "Not read: the
 * environment, the timeout (server error)", the full sentence as hover text.
 */
export function UnknownFieldsMarker(props: { unknown?: readonly NotAvailable[] }) {
  const unknown = props.unknown ?? [];
  if (unknown.length === 0) return null;
  const fields = [...new Set(unknown.flatMap((entry) => unknownFieldsOf(unknown, entry.what)))];
  const kinds = [...new Set(unknown.map((entry) => kindWords(entry.kind)))].join(", ");
  return (
    <div
      className="rt-unknown-fields"
      role="note"
      aria-label="Fields not read"
      title={unknown.map(plainSentence).join(" ")}
    >
      Not read: {fieldWords(fields)} ({kinds})
    </div>
  );
}
