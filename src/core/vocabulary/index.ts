/** The one vocabulary: production, globs, name comparison, run and stage names, state words. */
export * from "./glob";
export * from "./ids";
export * from "./names";
export * from "./production";
export * from "./states";
export * from "./rawStates";
export * from "./productionSetting";
