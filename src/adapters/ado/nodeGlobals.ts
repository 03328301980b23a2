/*
 * The api package loads whatwg-fetch (through Common/Fetch.js), which reads the browser global
 * `self` while it is being imported. Node has no `self`, so alias it to globalThis before any
 * api module loads. In the browser `self` exists and this does nothing. Import this module first.
 */
const scope = globalThis as { self?: unknown };
if (typeof scope.self === "undefined") {
  scope.self = globalThis;
}

export {};
