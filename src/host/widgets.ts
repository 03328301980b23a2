/*
 * Dashboard widget contracts as plain literals: exactly the shapes WidgetStatusHelper,
 * WidgetConfigurationSave and ConfigurationEvent (azure-devops-extension-api/Dashboard) produce.
 * That module bundles fine, but it brings the Dashboard REST client along (measured: +0.9 KB gzip
 * per widget, +3.7 KB on the compliance configuration) for four one-line functions.
 */

export interface WidgetSettings {
  name: string;
  size: { rowSpan: number; columnSpan: number };
  customSettings?: { data: string | null; version?: unknown };
}

export interface WidgetStatus {
  statusType: 0 | 1 | 2;
  state?: string;
}

export interface WidgetConfigurationContext {
  notify(event: string, args: { data: unknown }): Promise<unknown>;
}

export const WidgetEvents = {
  configurationChange: "ms.vss-dashboards-web.configurationChange",
} as const;

export function widgetSuccess(): Promise<WidgetStatus> {
  return Promise.resolve({ statusType: 0 });
}

/** The host shows `message` in its own error experience (a rejected promise, as the helper does). */
export function widgetFailure(message: string): Promise<WidgetStatus> {
  return Promise.reject({ message, isUserVisible: true, isRichText: false });
}

export function configurationValid(
  data: string,
): Promise<{ isValid: true; customSettings: { data: string } }> {
  return Promise.resolve({ isValid: true, customSettings: { data } });
}

/** Sends the settings being edited to the host so the widget preview reloads with them. */
export function notifyConfigurationChange(
  context: WidgetConfigurationContext,
  data: string,
): Promise<unknown> {
  return context.notify(WidgetEvents.configurationChange, { data: { data } });
}
