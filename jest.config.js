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
  // A handle left open by one suite (a timer or socket not yet found) kept the run from exiting
  // after every test had passed; exit once the results are in rather than hang the test command.
  forceExit: true,
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
