// Every emulator a test starts (in this process or a CLI child) checks each answer against its
// 7.1 OpenAPI schema and fails its close() on a violation; see dev/emulator/schemaCheck.ts.
process.env.RELEASE_TRACE_EMULATOR_SCHEMAS = process.env.RELEASE_TRACE_EMULATOR_SCHEMAS || "strict";
