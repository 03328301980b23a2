/**
 * The host surface as the installed azure-devops-extension-api declares it: the service ids of
 * CommonServiceIds and WorkItemTrackingServiceIds, and the members of each interface involved
 * (read from the .d.ts files with the TypeScript parser, so the wire checks follow the package).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";

export interface ApiInterface {
  /** Member name → the interface its (promised) result is, when that is an interface we read. */
  members: Map<string, string | undefined>;
}

export interface ApiSurface {
  /** Service contribution id → the interface the host hands out for it (`I` + the enum name). */
  services: Map<string, string>;
  interfaces: Map<string, ApiInterface>;
}

const DECLARATIONS = [
  "Common/CommonServices.d.ts",
  "WorkItemTracking/WorkItemTrackingServices.d.ts",
  "Dashboard/WidgetContracts.d.ts",
];
const SERVICE_ENUMS = new Set(["CommonServiceIds", "WorkItemTrackingServiceIds"]);

function referencedName(type: ts.TypeNode | undefined): string | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const name = type.typeName.getText();
  // Promise<IFoo> and IFoo both hand out an IFoo.
  return name === "Promise" ? referencedName(type.typeArguments?.[0]) : name;
}

function memberResult(member: ts.TypeElement): string | undefined {
  if (ts.isMethodSignature(member)) return referencedName(member.type);
  if (ts.isPropertySignature(member) && member.type && ts.isFunctionTypeNode(member.type)) {
    return referencedName(member.type.type);
  }
  return undefined;
}

interface RawInterface {
  members: Map<string, string | undefined>;
  bases: string[];
}

function readDeclarations(
  file: string,
  services: Map<string, string>,
  raw: Map<string, RawInterface>,
): void {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.ES2020,
    true,
  );
  for (const statement of source.statements) {
    if (ts.isEnumDeclaration(statement) && SERVICE_ENUMS.has(statement.name.text)) {
      for (const member of statement.members) {
        if (member.initializer && ts.isStringLiteral(member.initializer)) {
          services.set(member.initializer.text, `I${member.name.getText()}`);
        }
      }
    } else if (ts.isInterfaceDeclaration(statement)) {
      const members = new Map<string, string | undefined>();
      for (const member of statement.members) {
        if (member.name) members.set(member.name.getText(), memberResult(member));
      }
      const bases = (statement.heritageClauses ?? []).flatMap((clause) =>
        clause.types.map((type) => type.expression.getText()),
      );
      raw.set(statement.name.text, { members, bases });
    }
  }
}

/** Members of an interface including those it extends (within the files read). */
function flatten(name: string, raw: Map<string, RawInterface>): Map<string, string | undefined> {
  const own = raw.get(name);
  if (!own) return new Map();
  const members = new Map<string, string | undefined>();
  for (const base of own.bases)
    for (const [key, value] of flatten(base, raw)) members.set(key, value);
  for (const [key, value] of own.members) members.set(key, value);
  return members;
}

export function loadApiSurface(
  // The package exports no package.json; it sits in the repository's node_modules.
  packageDir = join(__dirname, "..", "..", "..", "node_modules", "azure-devops-extension-api"),
): ApiSurface {
  const services = new Map<string, string>();
  const raw = new Map<string, RawInterface>();
  for (const declaration of DECLARATIONS) {
    readDeclarations(join(packageDir, declaration), services, raw);
  }
  const interfaces = new Map<string, ApiInterface>();
  for (const name of raw.keys()) interfaces.set(name, { members: flatten(name, raw) });
  for (const [id, name] of services) {
    if (!interfaces.has(name)) throw new Error(`service ${id}: no interface ${name} in the api`);
  }
  return { services, interfaces };
}
