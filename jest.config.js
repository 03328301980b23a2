/** Unit, adapter, emulator and UI tests. e2e tests have their own config (jest.e2e.config.js). */
const transform = {
  "^.+\\.(ts|tsx|js|jsx)$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
};
const transformIgnorePatterns = ["node_modules/(?!(azure-devops-ui|azure-devops-extension-sdk)/)"];
const moduleNameMapper = {
  "\\.(css|scss)$": "<rootDir>/tests/fakes/styleMock.js",
  "\\.(woff2?|ttf|eot|png|svg)$": "<rootDir>/tests/fakes/fileMock.js",
};

// Strict emulator responses in every suite (tests/strictEmulator.js).
const setupFiles = ["<rootDir>/tests/strictEmulator.js"];

module.exports = {
  // Suites start emulators and run CLI commands: their time follows the machine's load, and no
  // test proves speed through Jest's timeout (the default 5 s failed them on a busy machine).
  testTimeout: 30_000,
  projects: [
    {
      displayName: "node",
      testEnvironment: "node",
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      setupFiles,
      testMatch: ["<rootDir>/tests/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/e2e/"],
    },
    {
      displayName: "ui",
      testEnvironment: "jsdom",
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      setupFiles,
      testMatch: ["<rootDir>/tests/**/*.test.tsx"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/e2e/"],
    },
  ],
};
