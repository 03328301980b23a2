/**
 * Strict responses: each successful emulator answer is matched to its 7.1 spec operation (method
 * and path template) and its body validated against that operation's response schema, in the
 * wire format it was sent in. Validators are compiled on first use and kept for the process.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { SPEC_ENUM_FOLDERS, apiEnums, isEnumNumber } from "./apiEnums";
import type { WireFormat } from "./format";
import {
  NAMES_IN_NUMBERS_FORMAT,
  NO_SPEC_ROUTES,
  SPEC_GAPS,
  applyRecordedExceptions,
} from "./schemaExceptions";
import {
  SPEC_FILES,
  indexOperations,
  loadSpec,
  matchOperation,
  specRoot,
  type IndexedOperation,
  type SpecDocument,
} from "./specs";

export interface CheckedRequest {
  method: string;
  /** The emulator's route name (NO_SPEC_ROUTES keys). */
  route: string;
  /** Path segments between the organisation and `_apis` (project, team). */
  scopeDepth: number;
  /** Path segments after `_apis`. */
  rest: readonly string[];
  /** The query's parameter names, lower-cased. */
  query: string[];
}

// OpenAPI-only numeric formats and the .NET type names some definitions put in `format`.
const LOOSE_FORMATS = ["int16", "int32", "int64", "double", "float", "byte", "binary", "char"];
const DOTNET_FORMATS = ["T", "JToken", "JTokenType", "JObject"];
const MS_DATE = "^/Date\\(-?\\d+\\)/$";

let shared: SchemaChecker | undefined;

/** One checker per process: the specs are parsed and each validator compiled once. */
export function sharedSchemaChecker(): SchemaChecker {
  shared ??= new SchemaChecker();
  return shared;
}

export class SchemaChecker {
  private readonly specs: Record<string, SpecDocument> = {};
  private readonly operations: IndexedOperation[];
  private readonly ajvs = new Map<string, Ajv>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(root = specRoot()) {
    for (const id of Object.keys(SPEC_FILES)) this.specs[id] = loadSpec(root, id);
    applyRecordedExceptions(this.specs);
    this.operations = indexOperations(this.specs);
  }

  /** The spec operation a request answers, if any. */
  operationFor(request: CheckedRequest): IndexedOperation | undefined {
    const gap = SPEC_GAPS[request.route];
    if (gap && gap.method === request.method && !request.query.includes(gap.unlessQuery)) {
      return { ...gap.operation, requiredQuery: [] };
    }
    return matchOperation(this.operations, request);
  }

  /** What is wrong with a successful answer's text; undefined when it conforms. */
  check(request: CheckedRequest, text: string, format: WireFormat): string | undefined {
    if (NO_SPEC_ROUTES[request.route] !== undefined) return undefined;
    const operation = this.operationFor(request);
    if (!operation) {
      return `no 7.1 spec operation answers ${request.method} _apis/${request.rest.join("/")} (route ${request.route}), and the route is not listed in NO_SPEC_ROUTES`;
    }
    if (operation.schema === undefined) return undefined;
    const parsed = parseWithoutNulls(text);
    const { items: cleaned, problem } = unwrap(operation.schema, parsed, format);
    if (problem) return `${operation.operationId}: ${problem}`;
    // The first error stops the fast check; a failure is validated again for every error.
    if (this.validator(operation, format, false)(cleaned)) return undefined;
    const explain = this.validator(operation, format, true);
    explain(cleaned);
    return `${operation.operationId} (${operation.spec} ${operation.template}): ${summarise(explain)}`;
  }

  private validator(
    operation: IndexedOperation,
    format: WireFormat,
    allErrors: boolean,
  ): ValidateFunction {
    const key = `${variant(format, allErrors)} ${operation.method} ${operation.spec} ${operation.template}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const schema = transform(operation.schema, format, operation.spec);
      validate = this.ajv(format, allErrors).compile(schema as object);
      this.validators.set(key, validate);
    }
    return validate;
  }

  private ajv(format: WireFormat, allErrors: boolean): Ajv {
    const key = variant(format, allErrors);
    let ajv = this.ajvs.get(key);
    if (!ajv) {
      ajv = createAjv(allErrors);
      for (const [id, spec] of Object.entries(this.specs)) {
        ajv.addSchema({ $id: id, definitions: transform(spec.definitions, format, id) });
      }
      this.ajvs.set(key, ajv);
    }
    return ajv;
  }
}

/** Each distinct problem once (item indexes as `*`), at most five. */
function summarise(validate: ValidateFunction): string {
  const distinct = new Set(
    (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath.replace(/\/\d+(?=\/|$)/g, "/*") || "/"} ${error.message ?? ""}`,
    ),
  );
  const shown = [...distinct].slice(0, 5);
  return shown.join("; ") + (distinct.size > 5 ? ` (and ${distinct.size - 5} more)` : "");
}

function variant(format: WireFormat, allErrors: boolean): string {
  const enums = format.enumsAsNumbers ? "numbers" : "names";
  return `${enums}-${format.msDateFormat ? "ms" : "iso"}${allErrors ? "-all" : ""}`;
}

function createAjv(allErrors: boolean): Ajv {
  // strict off: the specs carry x-ms-* keywords.
  const ajv = new Ajv({ strict: false, allErrors, inlineRefs: false });
  addFormats(ajv);
  for (const format of [...LOOSE_FORMATS, ...DOTNET_FORMATS]) ajv.addFormat(format, true);
  // `adoEnum: "<spec> <EnumName>"`: a number of that enum in the spec's package folders.
  ajv.addKeyword({
    keyword: "adoEnum",
    schemaType: "string",
    validate: (reference: string, data: unknown) => {
      const [spec, name] = reference.split(" ");
      return (
        typeof data === "number" && isEnumNumber(apiEnums(SPEC_ENUM_FOLDERS[spec]), name, data)
      );
    },
  });
  return ajv;
}

/**
 * Lists: an array schema is answered `{count, value}` in the default format, a bare array
 * with `noArrayWrap`. Returns what the schema validates.
 */
function unwrap(
  schema: unknown,
  { body, valueLength }: ReturnType<typeof parseWithoutNulls>,
  format: WireFormat,
): { items: unknown; problem?: string } {
  const isList = (schema as { type?: unknown }).type === "array";
  if (!isList || format.noArrayWrap) return { items: body };
  const wrapped = body as { count?: unknown; value?: unknown } | null;
  if (!wrapped || typeof wrapped !== "object" || !Array.isArray(wrapped.value)) {
    return { items: body, problem: "a list answer without the {count, value} wrapper" };
  }
  if (wrapped.count !== valueLength) {
    return { items: body, problem: `count ${String(wrapped.count)} for ${String(valueLength)}` };
  }
  return { items: wrapped.value };
}

/**
 * The schema as the wire format sends it: refs point into the spec's document; enums are the
 * package's numbers with `enumsAsNumbers`; dates are `/Date(ms)/` with `msDateFormat`; .NET
 * `object` dictionary values (`additionalProperties: {type: object}`) are any JSON value.
 */
function transform(schema: unknown, format: WireFormat, spec: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => transform(item, format, spec));
  if (!schema || typeof schema !== "object") return schema;
  const node = schema as Record<string, unknown>;
  const enumName = (node["x-ms-enum"] as { name?: string } | undefined)?.name;
  if (format.enumsAsNumbers && Array.isArray(node.enum) && !NAMES_IN_NUMBERS_FORMAT[spec]) {
    // An enum the package does not declare (it types the field `any`) has no numbers to
    // compare with: the service still sends a number.
    const folders = SPEC_ENUM_FOLDERS[spec];
    const known = enumName !== undefined && folders && apiEnums(folders).has(enumName);
    return known ? { type: "integer", adoEnum: `${spec} ${enumName}` } : { type: "integer" };
  }
  if (format.msDateFormat && node.format === "date-time") {
    return { type: "string", pattern: MS_DATE };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/")) {
      out[key] = `${spec}${value}`;
    } else if (key === "additionalProperties" && isAnyObject(value)) {
      out[key] = true;
    } else {
      out[key] = transform(value, format, spec);
    }
  }
  return out;
}

function isAnyObject(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    Object.keys(value).length === 1 &&
    (value as { type?: unknown }).type === "object"
  );
}

/**
 * The answer's text parsed without its nulls: OpenAPI 2 cannot say "nullable" and the service
 * sends nulls (fields, and the places of missing items in `workitems?errorPolicy=omit`), so they
 * are not checked. Dropping them while parsing costs a third of copying the parsed tree.
 */
export function parseWithoutNulls(text: string): { body: unknown; valueLength?: number } {
  let valueLength: number | undefined;
  const body: unknown = JSON.parse(text, (key, value: unknown) => {
    if (value === null) return undefined;
    if (!Array.isArray(value)) return value;
    // Children are revived before their parent, so the last `value` list is the wrapper's.
    if (key === "value") valueLength = value.length;
    // A dropped item leaves a hole, which `includes` reports as undefined.
    return value.includes(undefined) ? value.filter((item) => item !== undefined) : value;
  });
  return { body, valueLength };
}
