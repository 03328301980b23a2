/*
 * Tolerant readers for REST payloads. Missing optional values are fine (booleans default to
 * false); a missing required value or a value of the wrong type is a SourceError("malformed")
 * naming the field, raised here rather than as a crash deep inside an engine.
 */
import type { Identity } from "../../../core/model";
import { SourceError } from "../../../core/sources";

export type JsonObject = Record<string, unknown>;

export function malformed(what: string, field: string, problem: string): SourceError {
  return new SourceError("malformed", `${what}: field "${field}" ${problem}`);
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date";
  return typeof value === "string" ? `the string "${value.slice(0, 40)}"` : `a ${typeof value}`;
}

export function asObject(value: unknown, what: string): JsonObject {
  if (value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) {
    return value as JsonObject;
  }
  throw new SourceError("malformed", `${what}: expected an object but got ${describeValue(value)}`);
}

export function optObject(object: JsonObject, key: string, what: string): JsonObject | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) {
    return value as JsonObject;
  }
  throw malformed(what, key, `should be an object but is ${describeValue(value)}`);
}

export function optArray(object: JsonObject, key: string, what: string): unknown[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw malformed(what, key, `should be a list but is ${describeValue(value)}`);
}

/**
 * A list the answer always carries (a WIQL result's `workItems`, a timeline's `records`): missing
 * or null means the answer is not the one asked for, never an empty list.
 */
export function reqArray(object: JsonObject, key: string, what: string): unknown[] {
  const value = object[key];
  if (Array.isArray(value)) return value;
  throw malformed(
    what,
    key,
    value === undefined ? "is missing" : `should be a list but is ${describeValue(value)}`,
  );
}

export function reqString(object: JsonObject, key: string, what: string): string {
  const value = object[key];
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number") return String(value);
  throw malformed(what, key, value === undefined ? "is missing" : `is ${describeValue(value)}`);
}

export function optString(object: JsonObject, key: string, what: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw malformed(what, key, `should be text but is ${describeValue(value)}`);
}

/** An integer that may arrive as a number or as digits in a string (ResourceRef ids). */
export function reqInt(object: JsonObject, key: string, what: string): number {
  const value = toInt(object[key]);
  if (value !== undefined) return value;
  const raw = object[key];
  throw malformed(
    what,
    key,
    raw === undefined ? "is missing" : `is ${describeValue(raw)}, not an integer`,
  );
}

export function optInt(object: JsonObject, key: string, what: string): number | undefined {
  const raw = object[key];
  if (raw === undefined || raw === null || raw === "") return undefined;
  const value = toInt(raw);
  if (value !== undefined) return value;
  throw malformed(what, key, `is ${describeValue(raw)}, not an integer`);
}

function toInt(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Missing means false (the service drops false booleans); "True"/"false" strings are accepted. */
export function optBool(object: JsonObject, key: string, what: string): boolean {
  const value = object[key];
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value))
    return value.toLowerCase() === "true";
  throw malformed(what, key, `should be true or false but is ${describeValue(value)}`);
}

/**
 * A date from a Date (MS-date format, already revived), an ISO string (with or without `Z`) or
 * epoch milliseconds. The `0001-01-01` sentinel for "not set" becomes undefined.
 */
export function optDate(object: JsonObject, key: string, what: string): Date | undefined {
  const value = object[key];
  if (value === undefined || value === null || value === "") return undefined;
  let date: Date;
  if (value instanceof Date) {
    date = value;
  } else if (typeof value === "number") {
    date = new Date(value);
  } else if (typeof value === "string") {
    const msDate = /^\/Date\((-?\d+)/.exec(value);
    if (msDate) {
      date = new Date(Number(msDate[1]));
    } else {
      // No zone means UTC (the service writes UTC and sometimes drops the `Z`).
      const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) || !value.includes("T");
      date = new Date(hasZone ? value : value + "Z");
    }
  } else {
    throw malformed(what, key, `should be a date but is ${describeValue(value)}`);
  }
  if (Number.isNaN(date.getTime())) {
    throw malformed(what, key, `is not a valid date (${describeValue(value)})`);
  }
  return date.getUTCFullYear() <= 1 ? undefined : date;
}

/**
 * An enum that may arrive as a number (enumsAsNumbers, §9 tables) or as a name (any case).
 * Unknown values give `fallback` when one is given, else a malformed error.
 */
export function enumValue<T extends string>(
  object: JsonObject,
  key: string,
  numbers: Readonly<Record<number, T>>,
  what: string,
  fallback?: NoInfer<T>,
): T | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") {
    const name = numbers[value];
    if (name !== undefined) return name;
  } else if (typeof value === "string") {
    const numeric = /^\d+$/.test(value) ? numbers[Number(value)] : undefined;
    if (numeric !== undefined) return numeric;
    const lower = value.toLowerCase();
    const name = Object.values(numbers).find((candidate) => candidate.toLowerCase() === lower);
    if (name !== undefined) return name;
  }
  if (fallback !== undefined) return fallback;
  throw malformed(what, key, `has the unknown value ${describeValue(value)}`);
}

/** Like enumValue, but a value the table does not know gives undefined. */
export function knownEnumValue<T extends string>(
  object: JsonObject,
  key: string,
  numbers: Readonly<Record<number, T>>,
): T | undefined {
  const value = object[key];
  if (typeof value === "number") return numbers[value];
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  return Object.values(numbers).find((candidate) => candidate.toLowerCase() === lower);
}

/** An IdentityRef; tolerant because identities are decoration, never keys. */
export function optIdentity(object: JsonObject, key: string, what: string): Identity | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") {
    // Work item fields in older formats: "Display Name <unique@name>".
    const match = /^(.*?)\s*<([^>]+)>$/.exec(value);
    return match
      ? { id: "", displayName: match[1], uniqueName: match[2] }
      : { id: "", displayName: value };
  }
  return identityOf(asObject(value, `${what}.${key}`), `${what}.${key}`);
}

export function identityOf(object: JsonObject, what: string): Identity {
  const id = optString(object, "id", what) ?? "";
  const uniqueName = optString(object, "uniqueName", what);
  const displayName = optString(object, "displayName", what) ?? uniqueName ?? id;
  const identity: Identity = { id, displayName };
  if (uniqueName) identity.uniqueName = uniqueName;
  if (object.isContainer !== undefined && object.isContainer !== null) {
    identity.isContainer = optBool(object, "isContainer", what);
  }
  return identity;
}

/** `{ id, name }` references (definition, owner, release, ...), ids as numbers. */
export function optIdName(
  object: JsonObject,
  key: string,
  what: string,
): { id: number; name: string } | undefined {
  const reference = optObject(object, key, what);
  if (!reference) return undefined;
  return {
    id: reqInt(reference, "id", `${what}.${key}`),
    name: optString(reference, "name", `${what}.${key}`) ?? "",
  };
}

/** Removes undefined properties so mapped objects compare cleanly and print small. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
