/**
 * The harness's extension-data store, written from a test: settings the extension reads, and a
 * widget's saved settings cleared. The harness URL comes from the file's stack (see support.ts).
 */

/** Sets `key` in the extension's `$settings` collection (Default scope), as the UI's setValue does. */
export async function setExtensionSetting(
  harnessUrl: string,
  key: string,
  value: unknown,
): Promise<void> {
  const response = await fetch(`${harnessUrl}/_harness/api/extension-data`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      op: "setDocument",
      collectionName: "$settings",
      scopeType: "Default",
      doc: { id: key, __etag: -1, value },
    }),
  });
  expect(response.status).toBe(200);
}

/** Forgets a widget's saved settings, so a test starts from a freshly added widget. */
export async function resetWidgetSettings(harnessUrl: string, widgetId: string): Promise<void> {
  const response = await fetch(`${harnessUrl}/_harness/api/extension-data`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      op: "deleteDocument",
      collectionName: "harness-dashboard",
      id: widgetId,
    }),
  });
  expect([200, 404]).toContain(response.status);
}
