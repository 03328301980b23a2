export * from "./artifactLinks";
export * from "./build";
export * from "./checks";
export * from "./environments";
export * from "./git";
export * from "./policy";
export * from "./release";
export * from "./workItems";
export { malformed } from "./read";
