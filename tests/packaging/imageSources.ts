/**
 * The sources a screenshot shows, computed without a build: the import closure of the modules on
 * the picture (static imports, re-exports and the import() of a module that is itself on the
 * picture), the CSS they import, and files named as they are (the host's theme). Files are hashed
 * as text (sha256, line endings as LF); a package from node_modules counts by its version.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import * as ts from "typescript";

const ROOT = resolve(__dirname, "..", "..");

/** What a picture shows, as paths relative to the repository root. */
export interface SourceSpec {
  /**
   * Modules whose closure is on the picture: a contribution's entry and the lazily loaded view it
   * shows. Another module's import() (a hub tab not shown) is a chunk the picture never loads.
   */
  modules: string[];
  /** Files on the picture as they are, without their imports (the host page's theme). */
  files?: string[];
}

/** Per source path its sha256; a package is `npm:<name>@<version>`. */
export type SourceHashes = Record<string, string>;

/**
 * The bundler's own redirects (webpack.config.js resolve.alias): the browser build loads this
 * module in place of that one, so the picture shows it.
 */
const BUNDLER_ALIASES: Record<string, string> = {
  "src/adapters/ado/lazyApiClients.ts": "src/adapters/ado/lazyApiClients.browser.ts",
};

const STYLE = /\.(css|scss)$/;
const BUILTINS = new Set(builtinModules);

function compilerOptions(): ts.CompilerOptions {
  const file = join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
}

/** Repository-relative, with forward slashes on every platform. */
function repoPath(absolute: string): string {
  return relative(ROOT, absolute).split(sep).join("/");
}

/** "azure-devops-ui/Core/override.css" → "azure-devops-ui"; "@scope/pkg/x" → "@scope/pkg". */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function packageEntry(specifier: string): string {
  const name = packageName(specifier);
  const manifest = join(ROOT, "node_modules", name, "package.json");
  if (!existsSync(manifest)) throw new Error(`package ${name} is not installed`);
  const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
  return `npm:${name}@${version}`;
}

/** The text of `import(` right before a reference, found by preProcessFile. */
function isDynamic(text: string, position: number): boolean {
  return /\bimport\s*\(\s*(\/\*[\s\S]*?\*\/\s*)*$/.test(
    text.slice(Math.max(0, position - 200), position),
  );
}

interface Reference {
  /** Repository-relative file, or an `npm:` entry. */
  target: string;
  dynamic: boolean;
}

/** Where one import specifier of `from` leads, or undefined for a Node built-in. */
function resolveReference(
  specifier: string,
  from: string,
  options: ts.CompilerOptions,
): string | undefined {
  if (specifier.startsWith("node:") || BUILTINS.has(specifier)) return undefined;
  const relativeSpecifier = specifier.startsWith(".");
  if (STYLE.test(specifier) || specifier.endsWith(".js")) {
    const absolute = resolve(dirname(join(ROOT, from)), specifier);
    if (relativeSpecifier && existsSync(absolute)) return repoPath(absolute);
    if (!relativeSpecifier) return packageEntry(specifier);
  }
  const resolved = ts.resolveModuleName(specifier, join(ROOT, from), options, ts.sys);
  const file = resolved.resolvedModule?.resolvedFileName;
  if (!relativeSpecifier && (!file || resolved.resolvedModule?.isExternalLibraryImport)) {
    return packageEntry(specifier);
  }
  if (!file) throw new Error(`${from}: cannot resolve "${specifier}"`);
  const path = repoPath(file);
  return BUNDLER_ALIASES[path] ?? path;
}

function references(path: string, options: ts.CompilerOptions): Reference[] {
  if (STYLE.test(path)) {
    // A style sheet's own imports (none today; followed if one ever appears).
    const text = readFileSync(join(ROOT, path), "utf8");
    return [...text.matchAll(/@import\s+(?:url\()?["']([^"']+)["']/g)].map((match) => ({
      target: resolveReference(
        match[1].startsWith(".") ? match[1] : `./${match[1]}`,
        path,
        options,
      ) as string,
      dynamic: false,
    }));
  }
  const text = readFileSync(join(ROOT, path), "utf8");
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.flatMap((reference) => {
    const target = resolveReference(reference.fileName, path, options);
    return target ? [{ target, dynamic: isDynamic(text, reference.pos - 1) }] : [];
  });
}

/** Every source path the spec's picture shows, sorted. */
export function sourcePaths(spec: SourceSpec): string[] {
  const options = compilerOptions();
  const roots = new Set(spec.modules);
  const seen = new Set<string>();
  const queue = [...spec.modules];
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (seen.has(path)) continue;
    if (!path.startsWith("npm:") && !existsSync(join(ROOT, path))) {
      throw new Error(`${path} does not exist`);
    }
    seen.add(path);
    if (path.startsWith("npm:")) continue;
    for (const reference of references(path, options)) {
      const lazyProjectModule = reference.dynamic && !reference.target.startsWith("npm:");
      if (lazyProjectModule && !roots.has(reference.target)) continue;
      queue.push(reference.target);
    }
  }
  for (const file of spec.files ?? []) seen.add(file);
  return [...seen].sort();
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The hash of one source: its text with LF line endings, or a package's name and version. Of the
 * checkout's package.json only the version counts (the UI reads it for export metadata), so a new
 * script or dependency does not make every picture stale.
 */
export function sourceHash(path: string): string {
  if (path.startsWith("npm:")) return sha256(path);
  if (path === "package.json") {
    const { version } = JSON.parse(readFileSync(join(ROOT, path), "utf8")) as { version: string };
    return sha256(`version ${version}`);
  }
  return sha256(readFileSync(join(ROOT, path), "utf8").replace(/\r\n?/g, "\n"));
}

export function sourceHashes(spec: SourceSpec): SourceHashes {
  return Object.fromEntries(sourcePaths(spec).map((path) => [path, sourceHash(path)]));
}

/** One hash over the sorted paths and their hashes. */
export function combinedHash(hashes: SourceHashes): string {
  const lines = Object.keys(hashes)
    .sort()
    .map((path) => `${path}\t${hashes[path]}\n`);
  return sha256(lines.join(""));
}

/** What changed between the recorded sources and the current ones, one line per path. */
export function sourceChanges(recorded: SourceHashes, current: SourceHashes): string[] {
  const paths = [...new Set([...Object.keys(recorded), ...Object.keys(current)])].sort();
  return paths.flatMap((path) => {
    if (!(path in current)) return [`${path} (no longer shown)`];
    if (!(path in recorded)) return [`${path} (new)`];
    return recorded[path] === current[path] ? [] : [`${path} (changed)`];
  });
}
