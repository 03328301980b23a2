import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

// Dependency direction: contributions → ui/adapters/host → core; core imports nothing outside itself.
const restrict = (patterns) => ["error", { patterns }];
const azure = {
  group: ["azure-devops-*", "azure-devops-*/**"],
  message: "core is pure: no Azure DevOps packages",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "out/",
      "coverage/",
      "**/*.js",
      "!bin/**",
      "bench/results/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: "Render text, never HTML.",
        },
      ],
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict([
        azure,
        { group: ["react", "react-dom", "react/*"], message: "core is pure: no React" },
        {
          group: ["node:*", "fs", "path", "http", "https", "os", "child_process"],
          message: "core is pure: no Node built-ins",
        },
        {
          group: [
            "**/adapters/**",
            "**/ui/**",
            "**/host/**",
            "**/contributions/**",
            "**/cli/**",
            "**/dev/**",
          ],
          message: "core imports nothing outside itself",
        },
      ]),
    },
  },
  {
    files: ["src/adapters/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict([
        { group: ["azure-devops-extension-sdk"], message: "only src/host imports the SDK" },
        { group: ["react", "react-dom"], message: "adapters have no UI" },
        {
          group: ["**/ui/**", "**/host/**", "**/contributions/**", "**/cli/**", "**/dev/**"],
          message: "adapters depend on core only",
        },
      ]),
    },
  },
  {
    files: ["src/ui/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": restrict([
        { group: ["azure-devops-extension-sdk"], message: "only src/host imports the SDK" },
        {
          group: ["**/contributions/**", "**/cli/**", "**/dev/**", "**/adapters/**"],
          message: "ui gets data through ports (core/sources)",
        },
      ]),
    },
  },
  {
    files: ["src/host/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict([
        {
          group: ["**/ui/**", "**/contributions/**", "**/cli/**", "**/dev/**"],
          message: "host depends on core and adapters only",
        },
      ]),
    },
  },
  {
    files: ["src/cli/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict([
        { group: ["azure-devops-extension-sdk"], message: "the CLI runs without the SDK" },
        {
          group: ["react", "react-dom", "**/ui/**", "**/contributions/**", "**/host/**"],
          message: "the CLI has no UI",
        },
        {
          group: ["**/dev/**", "**/dev"],
          message:
            "the CLI ships no dev code: --demo loads the emulator at run time (src/cli/demoEmulator.ts)",
        },
      ]),
    },
  },
  {
    files: ["src/task/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict([
        {
          group: ["azure-devops-extension-sdk"],
          message: "the pipeline task runs without the SDK",
        },
        {
          group: ["react", "react-dom", "**/ui/**", "**/contributions/**", "**/host/**"],
          message: "the pipeline task has no UI",
        },
        { group: ["**/dev/**", "**/dev"], message: "the pipeline task ships no dev code" },
      ]),
    },
  },
  {
    files: ["src/contributions/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": restrict([
        {
          group: ["azure-devops-extension-sdk"],
          message: "contributions reach the SDK through src/host",
        },
        { group: ["**/cli/**", "**/dev/**"], message: "contributions ship; dev tools do not" },
      ]),
    },
  },
);
