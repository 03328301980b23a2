import * as SDK from "azure-devops-extension-sdk";
import type { IExtensionDataManager, IExtensionDataService } from "azure-devops-extension-api";
import { ServiceIds } from "./serviceIds";

export type DataScope = "Default" | "User";

async function dataManager(): Promise<IExtensionDataManager> {
  const service = await SDK.getService<IExtensionDataService>(ServiceIds.extensionData);
  const token = await SDK.getAccessToken();
  return service.getExtensionDataManager(SDK.getExtensionContext().id, token);
}

/** A value stored for the extension (project collection wide by default, or per user). */
export async function getExtensionValue<T>(
  key: string,
  scope: DataScope = "Default",
): Promise<T | undefined> {
  const manager = await dataManager();
  const value = await manager.getValue<T>(key, { scopeType: scope, defaultValue: undefined });
  return value ?? undefined;
}

export async function setExtensionValue<T>(
  key: string,
  value: T,
  scope: DataScope = "Default",
): Promise<T> {
  const manager = await dataManager();
  return manager.setValue<T>(key, value, { scopeType: scope });
}

/** get/set over extension data, the shape the compliance views take as their store. */
export interface ExtensionValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
}

/** Values shared by the project collection (Default scope): what every user of a project sees. */
export function extensionValueStore(scope: DataScope = "Default"): ExtensionValueStore {
  return {
    get: <T>(key: string) => getExtensionValue<T>(key, scope),
    set: async <T>(key: string, value: T) => {
      await setExtensionValue<T>(key, value, scope);
    },
  };
}
