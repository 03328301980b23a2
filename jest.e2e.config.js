/** End-to-end tests: real bundles in headless Chromium through the host harness. */
module.exports = {
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
