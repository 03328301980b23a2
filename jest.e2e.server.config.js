/**
 * The e2e suite as on Azure DevOps Server 2022 (`npx jest --config jest.e2e.server.config.js`): every emulator the
 * tests start uses its Server profile, and the harness hosts the pages as a Server collection.
 * The variable is set here, before Jest starts its workers, so it reaches every test file on
 * every platform.
 */
process.env.RELEASE_TRACE_EMULATOR_SERVER = "server-2022";
module.exports = require("./jest.e2e.config.js");
