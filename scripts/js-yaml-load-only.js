/*
 * js-yaml for the browser bundles, without its dumper: the baseline parser only reads YAML, and
 * the package's ESM build is a single module, so its unused dump() cannot be tree-shaken away.
 * webpack.config.js resolves "js-yaml" to this file and "js-yaml-lib" to the package's lib/
 * folder; these are the package's own modules, the ones its CommonJS entry (Node, CLI) exports.
 */
/* global module, require */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS modules of the package */
"use strict";

module.exports = {
  load: require("js-yaml-lib/loader").load,
  Type: require("js-yaml-lib/type"),
  CORE_SCHEMA: require("js-yaml-lib/schema/core"),
  YAMLException: require("js-yaml-lib/exception"),
};
