/** End-to-end tests: real bundles in headless Chromium through the host harness. */
module.exports = {
  // A handle left open by one suite (a timer or socket not yet found) kept the run from exiting
  // after every test had passed; exit once the results are in rather than hang the test command.
  forceExit: true,
  testEnvironment: "node",
  transform: {
    "^.+\\.(ts|tsx)$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
  },
  // Strict emulator responses (tests/strictEmulator.js).
  setupFiles: ["<rootDir>/tests/strictEmulator.js"],
  testMatch: ["<rootDir>/tests/e2e/**/*.test.ts"],
  testTimeout: 120000,
  maxWorkers: 1,
};
