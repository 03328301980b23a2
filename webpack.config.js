/*
 * One entry per folder of src/contributions (each has an index.tsx): dist/<name>/<name>.js plus
 * dist/<name>/<name>.html, the page the manifest points at.
 */
const fs = require("fs");
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const contributionsDir = path.resolve(__dirname, "src/contributions");

/** Folders with an index.tsx/index.ts; plain files beside them (shared start-up code) are not entries. */
function discoverEntries() {
  const entries = {};
  for (const dirent of fs.readdirSync(contributionsDir, { withFileTypes: true })) {
    if (!dirent.isDirectory()) continue;
    const index = ["index.tsx", "index.ts"]
      .map((file) => path.join(contributionsDir, dirent.name, file))
      .find((file) => fs.existsSync(file));
    if (index) entries[dirent.name] = index;
  }
  return entries;
}

/* A minimal page: the bundle is injected as an external deferred <script src>, never inline. */
const pageTemplate = (title) => `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

/*
 * Writes dist/bundle-graph.json: per page (entry), the scripts it loads first and the scripts it
 * may load on demand (chunks reachable through its import() calls, at any depth).
 * scripts/bundle-sizes.js reads it to count each page's own chunks, not every chunk in dist/.
 */
class BundleGraphPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("BundleGraphPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        // After the content hashes are final (REPORT comes after OPTIMIZE_HASH).
        { name: "BundleGraphPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          const scriptsOf = (group) => group.getFiles().filter((file) => file.endsWith(".js"));
          const pages = {};
          // Every script a group may load: its own and its descendants' (import() at any depth).
          const reachable = (group, into = new Set(), seen = new Set()) => {
            for (const file of scriptsOf(group)) into.add(file);
            for (const child of group.getChildren()) {
              if (seen.has(child)) continue;
              seen.add(child);
              reachable(child, into, seen);
            }
            return into;
          };
          for (const [name, entrypoint] of compilation.entrypoints) {
            const initial = scriptsOf(entrypoint).sort();
            const notInitial = (files) =>
              [...files].filter((file) => !initial.includes(file)).sort();
            // Each import() of the entry (a hub tab, a lazily loaded REST client) with what it
            // may load in turn: what a user loads on opening that tab.
            const parts = {};
            for (const child of entrypoint.getChildren()) {
              const files = notInitial(reachable(child));
              parts[child.name ?? files.join("+")] = files;
            }
            pages[name] = { initial, onDemand: notInitial(reachable(entrypoint)), parts };
          }
          compilation.emitAsset(
            "bundle-graph.json",
            new sources.RawSource(`${JSON.stringify({ pages }, null, 2)}\n`),
          );
        },
      );
    });
  }
}

module.exports = (_env, argv = {}) => {
  const production = (argv.mode ?? "production") === "production";
  const entries = discoverEntries();
  return {
    mode: production ? "production" : "development",
    entry: entries,
    // Never eval-based source maps: the extension's pages must not need eval (CSP).
    devtool: production ? false : "source-map",
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name]/[name].js",
      chunkFilename: "chunks/[name].[contenthash:8].js",
      assetModuleFilename: "assets/[name].[contenthash:8][ext]",
      // Every page is dist/<name>/<name>.html, so "../" (resolved against the page URL) is dist/
      // wherever it is served from. ("auto" would work too, but its runtime brings webpack's
      // global-object helper, which falls back to `new Function`.)
      publicPath: "../",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
      alias: {
        /*
         * Polyfills for browsers Azure DevOps no longer supports (it needs an evergreen browser,
         * which has Promise, fetch, IntersectionObserver, Object.assign and these String methods).
         * The packages only import them for effect, so an empty module replaces each.
         */
        "es6-promise/auto": false,
        "es6-object-assign/auto": false,
        "es6-string-polyfills": false,
        "intersection-observer": false,
        "whatwg-fetch": false,
        // The REST clients only some views use, as chunks loaded on first use (see that file).
        [path.resolve(__dirname, "src/adapters/ado/lazyApiClients.ts")]: path.resolve(
          __dirname,
          "src/adapters/ado/lazyApiClients.browser.ts",
        ),
        // The baseline parser's YAML reader without the YAML writer (see that file).
        "js-yaml$": path.resolve(__dirname, "scripts/js-yaml-load-only.js"),
        "js-yaml-lib": path.resolve(__dirname, "node_modules/js-yaml/lib"),
        // One SDK instance for our code and for azure-devops-extension-api: the ESM build.
        "azure-devops-extension-sdk$": path.resolve(
          __dirname,
          "node_modules/azure-devops-extension-sdk/esm/SDK.min.js",
        ),
      },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            // Type checking runs separately (npm run typecheck).
            options: {
              configFile: path.resolve(__dirname, "tsconfig.json"),
              transpileOnly: true,
              compilerOptions: { noEmit: false, sourceMap: !production },
            },
          },
        },
        {
          /*
           * azure-devops-ui has no "sideEffects" field, so importing one component through its
           * barrel files keeps every sibling component (and its CSS). Its JS modules are pure
           * except CommonImports (polyfills) and Core/find, which are bare-imported for effect.
           */
          test: /[\\/]node_modules[\\/]azure-devops-ui[\\/].*\.js$/,
          exclude: /[\\/](CommonImports|Core[\\/]find)\.js$/,
          sideEffects: false,
        },
        {
          /*
           * azure-devops-extension-api has no "sideEffects" field either, so each area's index
           * keeps its contracts module (enums: tens of KB per area) though nothing reads them.
           * Its modules only declare things; Common/Fetch bare-imports a polyfill (aliased away).
           */
          test: /[\\/]node_modules[\\/]azure-devops-extension-api[\\/]esm[\\/].*\.js$/,
          exclude: /[\\/]Common[\\/]Fetch\.js$/,
          sideEffects: false,
        },
        {
          // Our host, UI and core modules only declare things (core is pure by rule); unused
          // re-exports (e.g. the REST sources on a page that reads no data, the derivations a
          // page never runs behind a core barrel) are dropped with everything they import.
          test: /[\\/]src[\\/](host|ui|core)[\\/].*\.tsx?$/,
          sideEffects: false,
        },
        {
          // The adapters of each area, their mappers and client loaders only declare things too:
          // a page built with some areas (createAdoSourcesFor) leaves the others' modules out.
          test: /[\\/]src[\\/]adapters[\\/]ado[\\/](clients[\\/]|mappers[\\/]|lazy|areas\.ts$)/,
          sideEffects: false,
        },
        { test: /\.css$/, use: ["style-loader", "css-loader"] },
        // Fonts as separate files: inlined, the icon fonts would add ~1.3 MB to every bundle.
        { test: /\.(woff2?|eot|ttf|otf)$/, type: "asset/resource" },
        { test: /\.(png|svg|jpe?g|gif)$/, type: "asset/resource" },
      ],
    },
    plugins: [
      ...Object.keys(entries).map(
        (name) =>
          new HtmlWebpackPlugin({
            filename: `${name}/${name}.html`,
            chunks: [name],
            templateContent: pageTemplate(`Release Trace: ${name}`),
            inject: "body",
            scriptLoading: "defer",
            minify: false,
          }),
      ),
      new BundleGraphPlugin(),
    ],
    optimization: {
      /*
       * No chunk shared between pages' first scripts: measured with scripts/bundle-sizes.js,
       * every page loads more gzip with that splitting (one vendor chunk: 147-163 KB per page;
       * webpack's automatic split: +2.5 to +8 KB per page) than self-contained bundles. Only
       * chunks loaded on demand (the hub's tabs) are split: modules several tabs use go into a
       * shared on-demand chunk once instead of into each tab's chunk.
       */
      splitChunks: { chunks: "async" },
    },
    // No `global` shim: its runtime helper carries a `new Function` fallback (CSP-unfriendly);
    // the browser has globalThis.
    node: { global: false },
    performance: { hints: false },
    stats: "errors-warnings",
  };
};
