export * from "./common";
export * from "./git";
export * from "./policy";
export * from "./pipelines";
export * from "./checks";
export * from "./release";
export * from "./workItems";
