/*
 * JSON parsing for Azure DevOps responses. With `msDateFormat=true` dates arrive as
 * "\/Date(1700000000000)\/" (escaped slashes in the raw text); the api's own deserializer is in
 * Common/Util, which the package does not export, so this is our own reviver.
 */

const MS_DATE_VALUE = /^\/Date\((-?\d+)(?:[a-zA-Z]|[+-]\d{4})?\)\/$/;
const MS_DATE_IN_RAW_TEXT = /\\\/Date\(-?\d+/;

/** Parses JSON, turning MS-AJAX date strings into Date objects. Throws SyntaxError on bad JSON. */
export function parseAdoJson(text: string): unknown {
  // Only convert when the raw text carries escaped MS dates, so a plain string that happens to
  // read "/Date(1)/" in an ISO-dated payload stays a string.
  if (!MS_DATE_IN_RAW_TEXT.test(text)) {
    return JSON.parse(text);
  }
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === "string") {
      const match = MS_DATE_VALUE.exec(value);
      if (match) return new Date(Number(match[1]));
    }
    return value;
  });
}
