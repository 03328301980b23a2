/** The only door to the Azure DevOps host (the SDK) for contributions. */
export * from "./sdk";
export * from "./sources";
export * from "./extensionData";
export * from "./navigation";
export * from "./workItemForm";
export * from "./widgets";
export { ServiceIds, ResourceAreaIds } from "./serviceIds";
