/**
 * Host page script: plays the Azure DevOps host for each contribution iframe on the page.
 * Implements DevOps.HostControl (handshake, token, load notifications, resize), DevOps.ServiceManager
 * (the services below), theme changes, and the host → extension calls of each page type
 * (work item form notifications, widget load/reload, widget configuration load/notify/onSave).
 */
import {
  DETAIL_FIELDS,
  fieldText,
  type FrameSpec,
  type HostPageConfig,
  type ThemeName,
  type WidgetSettingsSpec,
  type WireRecord,
} from "./config.js";
import { handshakeResult, HandshakeRequest } from "./handshake.js";
import { RegisteredObject, RemoteFunction, RpcMessage, XdmChannel } from "./xdm.js";

const CONFIGURATION_CHANGE = "ms.vss-dashboards-web.configurationChange";
/** The real host asks for the fully-qualified id first and, 250 ms later, the short id: once each. */
const SHORT_ID_DELAY_MS = 250;
/** The real host fails a frame that has not started the handshake 5 s after its load event. */
const HANDSHAKE_WAIT_MS = 5000;

interface FrameState {
  spec: FrameSpec;
  element: HTMLIFrameElement;
  channel: XdmChannel;
  status: "loading" | "handshake" | "loaded" | "failed";
  waitsForLoadNotification: boolean;
  error?: string;
  instanceId?: string;
  instance?: Promise<RegisteredObject>;
  /** What the frame sent in initialHandshake (the host serves DevOps.ServiceManager for sdkVersion > 0). */
  handshake?: HandshakeRequest;
  lastResult?: unknown;
  loaded: Promise<void>;
  markLoaded: () => void;
}

interface HarnessRecord {
  service: string;
  method: string;
  args: unknown[];
}

/** What tests (and curious developers) can read from the page. */
interface HarnessWindowState {
  theme: ThemeName;
  frames: Array<{
    elementId: string;
    role: string;
    contributionId: string;
    status: string;
    error?: string;
    instanceId?: string;
    lastResult?: unknown;
  }>;
  log: HarnessRecord[];
  rpcCount: number;
  /** Every XDM message with every frame, for the wire checks (dev/harness/wire). */
  wire: WireRecord[];
  /** Work item page: load another work item into the same form (onUnloaded, then onLoaded). */
  openWorkItem?: (id: number) => Promise<void>;
  /** Work item page: unload the open work item (onUnloaded); the form then has none. */
  unloadWorkItem?: () => Promise<void>;
}

declare global {
  interface Window {
    __harness: HarnessWindowState;
  }
}

const config = JSON.parse(
  (document.getElementById("harness-config") as HTMLScriptElement).textContent ?? "{}",
) as HostPageConfig;

const frames: FrameState[] = [];
const state: HarnessWindowState = {
  theme: config.theme,
  frames: [],
  log: [],
  rpcCount: 0,
  wire: [],
};
const pageStarted = performance.now();

function recordWire(frame: string, direction: "in" | "out", message: unknown, raw?: string): void {
  state.wire.push({
    frame,
    direction,
    at: Math.round(performance.now() - pageStarted),
    // A copy as it crosses the wire (JSON drops undefined members, as postMessage of a string does).
    ...(message !== undefined
      ? { message: JSON.parse(JSON.stringify(message)) as WireRecord["message"] }
      : {}),
    ...(raw !== undefined ? { raw } : {}),
  });
}
window.__harness = state;

function record(service: string, method: string, args: unknown[]): void {
  state.log.push({ service, method, args: JSON.parse(JSON.stringify(args ?? [])) as unknown[] });
  const line = document.getElementById("harness-last-action");
  if (line)
    line.textContent = `${service}.${method}(${args.map((a) => JSON.stringify(a)).join(", ")})`;
}

function publishFrames(): void {
  state.frames = frames.map((frame) => ({
    elementId: frame.spec.elementId,
    role: frame.spec.role,
    contributionId: frame.spec.contributionId,
    status: frame.status,
    error: frame.error,
    instanceId: frame.instanceId,
    lastResult: frame.lastResult,
  }));
  for (const frame of frames) {
    const caption = document.querySelector<HTMLElement>(
      `[data-status-for="${frame.spec.elementId}"]`,
    );
    if (!caption) continue;
    caption.textContent = frame.error ? `${frame.status}: ${frame.error}` : frame.status;
    caption.dataset.status = frame.status;
  }
}

// ---------------------------------------------------------------- theme

function applyThemeToChrome(theme: ThemeName): void {
  const root = document.documentElement;
  for (const [name, value] of Object.entries(config.themes[theme])) {
    root.style.setProperty(`--${name}`, value);
  }
  root.dataset.theme = theme;
  const toggle = document.getElementById("harness-theme-toggle");
  if (toggle) toggle.textContent = theme === "dark" ? "Light theme" : "Dark theme";
}

function setTheme(theme: ThemeName): void {
  state.theme = theme;
  applyThemeToChrome(theme);
  const url = new URL(window.location.href);
  url.searchParams.set("theme", theme);
  history.replaceState(history.state, "", url);
  for (const link of document.querySelectorAll<HTMLAnchorElement>("a[data-harness-link]")) {
    const target = new URL(link.href);
    target.searchParams.set("theme", theme);
    link.href = target.toString();
  }
  for (const frame of frames) {
    if (frame.status === "loading") continue;
    void frame.channel
      .invoke("dispatchEvent", "DevOps.SdkClient", [
        "themeChanged",
        { detail: { data: config.themes[theme] } },
      ])
      .catch(() => undefined);
  }
}

// ---------------------------------------------------------------- services

async function harnessApi(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const payload = (await response.json()) as {
    result?: unknown;
    message?: string;
    typeKey?: string;
  };
  if (!response.ok) {
    throw { message: payload.message, typeKey: payload.typeKey, status: response.status };
  }
  return payload.result;
}

interface DocumentOptions {
  scopeType?: string;
  scopeValue?: string;
  defaultValue?: unknown;
}

function extensionDataManager(): RegisteredObject {
  const call = (op: string, options: DocumentOptions | undefined, extra: Record<string, unknown>) =>
    harnessApi("/_harness/api/extension-data", {
      op,
      scopeType: options?.scopeType,
      scopeValue: options?.scopeValue,
      ...extra,
    });
  return {
    async getValue(key: string, options?: DocumentOptions) {
      try {
        const doc = (await call("getDocument", options, {
          collectionName: "$settings",
          id: key,
        })) as { value?: unknown };
        return doc.value;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return options?.defaultValue;
        throw error;
      }
    },
    async setValue(key: string, value: unknown, options?: DocumentOptions) {
      await call("setDocument", options, {
        collectionName: "$settings",
        doc: { id: key, __etag: -1, value },
      });
      return value;
    },
    getDocument: (collectionName: string, id: string, options?: DocumentOptions) =>
      call("getDocument", options, { collectionName, id }),
    getDocuments: async (collectionName: string, options?: DocumentOptions) => {
      try {
        return await call("getDocuments", options, { collectionName });
      } catch (error) {
        if ((error as { status?: number }).status === 404) return [];
        throw error;
      }
    },
    createDocument: (collectionName: string, doc: unknown, options?: DocumentOptions) =>
      call("createDocument", options, { collectionName, doc }),
    setDocument: (collectionName: string, doc: unknown, options?: DocumentOptions) =>
      call("setDocument", options, { collectionName, doc }),
    updateDocument: (collectionName: string, doc: unknown, options?: DocumentOptions) =>
      call("updateDocument", options, { collectionName, doc }),
    deleteDocument: async (collectionName: string, id: string, options?: DocumentOptions) => {
      await call("deleteDocument", options, { collectionName, id });
    },
    queryCollectionsByName: (collectionNames: string[]) =>
      call("queryCollectionsByName", undefined, { collectionNames }),
    // One request for every collection, each in its own scope, as the real data manager sends
    // one collection query.
    queryCollections: (collections: Array<{ collectionName: string } & DocumentOptions>) =>
      call("queryCollections", undefined, {
        collections: collections.map(({ collectionName, scopeType, scopeValue }) => ({
          collectionName,
          scopeType,
          scopeValue,
        })),
      }),
  };
}

function queryParams(): Record<string, string> {
  const params: Record<string, string> = {};
  new URL(window.location.href).searchParams.forEach((value, key) => {
    if (key !== "theme") params[key] = value;
  });
  return params;
}

/** Work item under edit on the /work-item page; the form service and Refresh/Save act on it. */
const workItemForm = {
  item: config.workItem,
  /** The fields as last read or saved (what `returnOriginalValue` answers). */
  savedFields: { ...config.workItem?.fields } as Record<string, unknown>,
  dirtyFields: new Set<string>(),
  error: "",
};

function renderWorkItemChrome(): void {
  const item = workItemForm.item;
  const set = (id: string, text: string) => {
    const element = document.getElementById(id);
    if (element) element.textContent = text;
  };
  if (!item) {
    if (config.page === "work-item") set("wi-title", "(no work item is open in this form)");
    return;
  }
  set("wi-title", String(item.fields["System.Title"] ?? ""));
  set("wi-state", String(item.fields["System.State"] ?? ""));
  set("wi-type", String(item.fields["System.WorkItemType"] ?? "Work item"));
  set("wi-id", String(item.id));
  set("wi-error", workItemForm.error);
  set("wi-dirty", workItemForm.dirtyFields.size > 0 ? "(unsaved changes)" : "");
  renderWorkItemDetails(item);
}

/** The Details box and link count, for whichever work item the form holds now. */
function renderWorkItemDetails(item: NonNullable<typeof workItemForm.item>): void {
  const details = document.getElementById("wi-details");
  details?.replaceChildren(
    ...DETAIL_FIELDS.flatMap(([label, name]) => {
      const term = document.createElement("dt");
      term.textContent = label;
      const value = document.createElement("dd");
      value.textContent = fieldText(item.fields[name]) || "—";
      return [term, value];
    }),
  );
  const links = document.getElementById("wi-links");
  if (links) {
    const artifacts = item.relations.filter((relation) => relation.rel === "ArtifactLink").length;
    const count = document.createElement("b");
    count.textContent = String(item.relations.length);
    links.replaceChildren("Links ", count, ` (${artifacts} artifact)`);
  }
}

function workItemFormService(): RegisteredObject {
  const item = () => {
    if (!workItemForm.item) throw new Error("No work item is open on this page.");
    return workItemForm.item;
  };
  const notify = (method: string, args: Record<string, unknown>) =>
    notifyFormGroups(method, { id: item().id, ...args });
  return {
    getId: () => item().id,
    getRevision: () => item().rev,
    getFields: () =>
      Object.keys(item().fields).map((referenceName) => ({ referenceName, name: referenceName })),
    getFieldValue: (name: string) => item().fields[name],
    getIdentityFieldValue: (name: string) => item().fields[name],
    // As the form: the original (saved) values when asked, unsaved ones otherwise.
    getFieldValues: (names: string[], options?: boolean | { returnOriginalValue?: boolean }) => {
      const original = typeof options === "boolean" ? options : options?.returnOriginalValue;
      const fields = original ? workItemForm.savedFields : item().fields;
      return Object.fromEntries(names.map((name) => [name, fields[name]]));
    },
    setFieldValue: (name: string, value: unknown) => {
      item().fields[name] = value;
      workItemForm.dirtyFields.add(name);
      renderWorkItemChrome();
      notify("onFieldChanged", { changedFields: { [name]: value } });
      return true;
    },
    setFieldValues: (values: Record<string, unknown>) => {
      for (const [name, value] of Object.entries(values)) {
        item().fields[name] = value;
        workItemForm.dirtyFields.add(name);
      }
      renderWorkItemChrome();
      notify("onFieldChanged", { changedFields: values });
      return Object.fromEntries(Object.keys(values).map((name) => [name, true]));
    },
    getAllowedFieldValues: () => [],
    isDirty: () => workItemForm.dirtyFields.size > 0,
    isNew: () => false,
    isValid: () => true,
    hasActiveWorkItem: () => Boolean(workItemForm.item),
    setError: (message: string) => {
      workItemForm.error = message;
      renderWorkItemChrome();
    },
    clearError: () => {
      workItemForm.error = "";
      renderWorkItemChrome();
    },
    save: () => saveWorkItem(),
    refresh: () => refreshWorkItem(),
    reset: () => {
      item().fields = { ...workItemForm.savedFields };
      workItemForm.dirtyFields.clear();
      renderWorkItemChrome();
      notify("onReset", {});
    },
    getInvalidFields: () => [],
    getDirtyFields: () =>
      [...workItemForm.dirtyFields].map((referenceName) => ({
        referenceName,
        name: referenceName,
      })),
    getWorkItemRelations: () => item().relations,
    addWorkItemRelations: (relations: FrameSpecRelation[]) => {
      item().relations.push(...relations);
      workItemForm.dirtyFields.add("System.RelatedLinkCount");
      renderWorkItemChrome();
    },
    removeWorkItemRelations: (relations: FrameSpecRelation[]) => {
      const urls = new Set(relations.map((relation) => relation.url));
      item().relations = item().relations.filter((relation) => !urls.has(relation.url));
      workItemForm.dirtyFields.add("System.RelatedLinkCount");
      renderWorkItemChrome();
    },
    getWorkItemResourceUrl: (id: number) => `${config.organizationRoot}_apis/wit/workItems/${id}`,
    getWorkItemRelationTypes: () => [],
    beginSaveWorkItem: async (success: RemoteFunction, failure: RemoteFunction) => {
      try {
        await saveWorkItem();
        await success();
      } catch {
        await failure();
      }
    },
  };
}
type FrameSpecRelation = { rel: string; url: string; attributes?: Record<string, unknown> };

function services(): Record<string, () => RegisteredObject> {
  const recorded = (service: string, implementation: RegisteredObject): RegisteredObject => {
    const wrapped: RegisteredObject = {};
    for (const [method, fn] of Object.entries(implementation)) {
      wrapped[method] = (...args: unknown[]) => {
        record(service, method, args);
        return (fn as (...a: unknown[]) => unknown)(...args);
      };
    }
    return wrapped;
  };
  return {
    "ms.vss-features.location-service": () => ({
      // Every area resolves to the organisation root except Classic release (vsrm in the cloud).
      getResourceAreaLocation: (areaId: string) =>
        areaId.toLowerCase() === "efc2f575-36ef-48e9-b672-0c6fb4a48ac5"
          ? config.releaseRoot
          : config.organizationRoot,
      getServiceLocation: () => config.organizationRoot,
      routeUrl: (routeId: string, routeValues?: Record<string, string>) =>
        `${config.organizationRoot}${encodeURIComponent(config.project.name)}/_harness-route/${encodeURIComponent(routeId)}?${new URLSearchParams(routeValues ?? {}).toString()}`,
    }),
    "ms.vss-features.host-navigation-service": () =>
      recorded("navigation", {
        getQueryParams: () => queryParams(),
        setQueryParams: (parameters: Record<string, string>) => {
          const url = new URL(window.location.href);
          for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
          history.replaceState(history.state, "", url);
        },
        getHash: () => window.location.hash.replace(/^#/, ""),
        setHash: (hash: string) => {
          window.location.hash = hash;
        },
        replaceHash: (hash: string) => {
          const url = new URL(window.location.href);
          url.hash = hash;
          history.replaceState(history.state, "", url);
        },
        onHashChanged: (callback: RemoteFunction) => {
          window.addEventListener("hashchange", () => {
            void callback(window.location.hash.replace(/^#/, ""));
          });
        },
        getPageRoute: () => ({ id: `harness.${config.page}`, routeValues: queryParams() }),
        getPageNavigationElements: () => [],
        // Navigation away from the harness is only recorded (and shown), never followed.
        navigate: () => undefined,
        openNewWindow: (url: string) => {
          window.open(url, "_blank", "noopener,noreferrer");
        },
        reload: () => window.location.reload(),
        setDocumentTitle: (title: string) => {
          document.title = `${title} · harness`;
        },
      }),
    "ms.vss-features.extension-data-service": () => ({
      getExtensionDataManager: (extensionId: string) => {
        record("extension-data", "getExtensionDataManager", [extensionId]);
        return extensionDataManager();
      },
    }),
    "ms.vss-tfs-web.tfs-page-data-service": () => ({ getProject: () => config.project }),
    "ms.vss-features.host-page-layout-service": () =>
      recorded("page-layout", {
        getFullScreenMode: () => false,
        setFullScreenMode: () => undefined,
        openMessageDialog: () => undefined,
        openCustomDialog: () => undefined,
        openPanel: () => undefined,
      }),
    "ms.vss-tfs-web.tfs-global-messages-service": () =>
      recorded("global-messages", {
        addBanner: () => undefined,
        addDialog: () => undefined,
        addToast: () => undefined,
        closeBanner: () => undefined,
        closeDialog: () => undefined,
      }),
    "ms.vss-work-web.work-item-form": () => {
      if (config.page !== "work-item") {
        throw new Error("The work item form service is only on /work-item.");
      }
      return workItemFormService();
    },
  };
}

// ---------------------------------------------------------------- frames

function hostObjects(frame: () => FrameState): Record<string, RegisteredObject> {
  const serviceFactories = services();
  return {
    "DevOps.HostControl": {
      initialHandshake: (options: HandshakeRequest | undefined) => {
        const current = frame();
        current.status = "handshake";
        current.handshake = options ?? {};
        const newSdk = (options?.sdkVersion ?? 0) > 0;
        // As the real host: loaded unless a new SDK said loaded: false; themed unless it said no.
        current.waitsForLoadNotification = !newSdk || options?.loaded === false;
        if (!current.waitsForLoadNotification) setTimeout(() => current.markLoaded(), 0);
        publishFrames();
        const themed = newSdk ? options?.applyTheme !== false : options?.applyTheme === true;
        return {
          ...handshakeResult(config.hostVariant, config, current.spec),
          ...(themed ? { themeData: config.themes[state.theme] } : {}),
        };
      },
      notifyLoadSucceeded: () => {
        frame().markLoaded();
      },
      notifyLoadFailed: (error: unknown) => {
        const current = frame();
        current.status = "failed";
        current.error =
          typeof error === "string" ? error : String((error as { message?: unknown })?.message);
        publishFrames();
        current.markLoaded();
      },
      getAccessToken: () => ({ token: config.accessToken }),
      getAppToken: () => ({ token: config.accessToken }),
      resize: (width?: number, height?: number) => {
        const current = frame();
        record("host", "resize", [current.spec.contributionId, width, height]);
        // Form groups grow with their content, as on the real work item form.
        if (current.spec.role === "form-group" && typeof height === "number" && height > 0) {
          current.element.style.height = `${Math.ceil(height)}px`;
        }
      },
    },
    "DevOps.ServiceManager": {
      getService: (serviceId: string) => {
        // The real host registers the service manager only for SDKs that sent sdkVersion > 0.
        if (!((frame().handshake?.sdkVersion ?? 0) > 0)) {
          throw new Error("The registered object DevOps.ServiceManager could not be found.");
        }
        const factory = serviceFactories[serviceId];
        if (!factory) throw new Error(`The harness does not provide the service ${serviceId}.`);
        return factory();
      },
    },
  };
}

function createFrame(spec: FrameSpec): FrameState {
  const element = document.getElementById(spec.elementId) as HTMLIFrameElement;
  let markLoaded = () => {};
  const loaded = new Promise<void>((resolve) => {
    markLoaded = resolve;
  });
  const frameState = {
    spec,
    element,
    status: "loading",
    waitsForLoadNotification: false,
    loaded,
  } as FrameState;
  frameState.markLoaded = () => {
    if (frameState.status !== "failed") frameState.status = "loaded";
    publishFrames();
    markLoaded();
  };
  const contentWindow = element.contentWindow as Window;
  frameState.channel = new XdmChannel(
    contentWindow,
    config.extensionOrigin,
    hostObjects(() => frameState),
    (direction, message) => {
      state.rpcCount++;
      recordWire(spec.elementId, direction, message);
    },
  );
  frames.push(frameState);
  return frameState;
}

window.addEventListener("message", (event: MessageEvent) => {
  const frame = frames.find((candidate) => candidate.element.contentWindow === event.source);
  if (frame && typeof event.data !== "string") {
    // The SDK only ever posts JSON strings; anything else from a frame is a wire violation.
    recordWire(frame.spec.elementId, "in", undefined, `(${typeof event.data})`);
    return;
  }
  if (typeof event.data !== "string") return;
  // Only the extension origin may talk to the host, as in production.
  if (!frame || event.origin !== config.extensionOrigin) return;
  let message: RpcMessage;
  try {
    message = JSON.parse(event.data) as RpcMessage;
  } catch {
    recordWire(frame.spec.elementId, "in", undefined, String(event.data).slice(0, 200));
    return;
  }
  frame.channel.receive(message);
});

/** Finds the object the frame registered, once per frame, then reuses it. */
function registeredInstance(frame: FrameState): Promise<RegisteredObject> {
  frame.instance ??= findInstance(frame);
  return frame.instance;
}

function lookup(frame: FrameState, instanceId: string): Promise<RegisteredObject> {
  return frame.channel.invoke("", instanceId).then((instance) => {
    if (!instance) throw new Error(`${instanceId} answered no object`);
    frame.instanceId = instanceId;
    publishFrames();
    return instance as RegisteredObject;
  });
}

/**
 * As the real host (ExternalContentHost.getRegisteredInstance): once the frame has loaded, ask for
 * the fully-qualified id; 250 ms later ask once for the short id. The first answer wins; when both
 * fail the lookup fails. Nothing is retried.
 */
async function findInstance(frame: FrameState): Promise<RegisteredObject> {
  await frame.loaded;
  if (frame.status === "failed") throw new Error(frame.error ?? "the frame failed to load");
  return new Promise<RegisteredObject>((resolve, reject) => {
    let shortPending: ReturnType<typeof setTimeout> | undefined;
    let fullAnswered = false;
    lookup(frame, frame.spec.fullContributionId).then(
      (instance) => {
        fullAnswered = true;
        clearTimeout(shortPending);
        shortPending = undefined;
        resolve(instance);
      },
      (error: unknown) => {
        fullAnswered = true;
        if (!shortPending) reject(error);
      },
    );
    shortPending = setTimeout(() => {
      lookup(frame, frame.spec.contributionId).then(
        (instance) => {
          if (shortPending) resolve(instance);
          shortPending = undefined;
        },
        (error: unknown) => {
          shortPending = undefined;
          if (fullAnswered) reject(error);
        },
      );
    }, SHORT_ID_DELAY_MS);
  });
}

async function callInstance(
  frame: FrameState,
  method: string,
  args: unknown[],
  required: boolean,
): Promise<unknown> {
  try {
    const instance = await registeredInstance(frame);
    const fn = instance[method];
    if (typeof fn !== "function") {
      if (required) throw new Error(`the registered object has no ${method}()`);
      return undefined;
    }
    const result = await (fn as RemoteFunction)(...args);
    // A widget's status is what load()/reload() answered; preload() comes before any data.
    if (method !== "preload") frame.lastResult = result;
    publishFrames();
    return result;
  } catch (error) {
    frame.error = `${method}: ${(error as { message?: string })?.message ?? String(error)}`;
    if (required) frame.status = "failed";
    publishFrames();
    return undefined;
  }
}

function notifyFormGroups(method: string, args: Record<string, unknown>): void {
  record("work-item-form", method, [args]);
  for (const frame of frames.filter((candidate) => candidate.spec.role === "form-group")) {
    void callInstance(frame, method, [args], false);
  }
}

async function fetchWorkItem(): Promise<void> {
  if (!workItemForm.item) return;
  const response = await fetch(`/_harness/api/work-item/${workItemForm.item.id}`);
  if (!response.ok) throw new Error(`work item refresh failed: HTTP ${response.status}`);
  workItemForm.item = (await response.json()) as typeof workItemForm.item;
  workItemForm.savedFields = { ...workItemForm.item?.fields };
}

/**
 * The form moves to another work item without reloading its groups (the next item of a query, a
 * link followed in the form): each group gets onUnloaded for the old item, then onLoaded for the new.
 */
async function openWorkItem(id: number): Promise<void> {
  const response = await fetch(`/_harness/api/work-item/${id}`);
  if (!response.ok) throw new Error(`work item ${id}: HTTP ${response.status}`);
  const next = (await response.json()) as NonNullable<typeof workItemForm.item>;
  await unloadWorkItem();
  workItemForm.item = next;
  workItemForm.savedFields = { ...next.fields };
  workItemForm.error = "";
  renderWorkItemChrome();
  notifyFormGroups("onLoaded", { id: next.id, isNew: false, isReadOnly: false });
}

/** The form closes its work item: onUnloaded, and the form service has no active work item. */
async function unloadWorkItem(): Promise<void> {
  const item = workItemForm.item;
  if (!item) return;
  // Sent while the item is still active, as the form does before it lets go of it.
  await Promise.all(
    frames
      .filter((frame) => frame.spec.role === "form-group")
      .map((frame) => callInstance(frame, "onUnloaded", [{ id: item.id }], false)),
  );
  record("work-item-form", "onUnloaded", [{ id: item.id }]);
  workItemForm.item = undefined;
  workItemForm.dirtyFields.clear();
  renderWorkItemChrome();
}

async function refreshWorkItem(): Promise<void> {
  // An unloaded form has nothing to refresh or save, so its groups hear nothing.
  if (!workItemForm.item) return;
  await fetchWorkItem();
  workItemForm.dirtyFields.clear();
  renderWorkItemChrome();
  notifyFormGroups("onRefreshed", { id: workItemForm.item?.id });
}

async function saveWorkItem(): Promise<void> {
  if (!workItemForm.item) throw new Error("No work item is open in this form.");
  // The harness does not write work items back; Save means "the form saved" to the group.
  workItemForm.savedFields = { ...workItemForm.item.fields };
  workItemForm.dirtyFields.clear();
  renderWorkItemChrome();
  notifyFormGroups("onSaved", { id: workItemForm.item?.id });
}

// ---------------------------------------------------------------- page wiring

function startPage(): void {
  applyThemeToChrome(state.theme);
  document
    .getElementById("harness-theme-toggle")
    ?.addEventListener("click", () => setTheme(state.theme === "dark" ? "light" : "dark"));

  const created = config.frames.map(createFrame);
  publishFrames();
  // Listeners are in place; only now may the frames load and start their handshake.
  for (const frame of created) {
    frame.element.addEventListener("load", () => failWithoutHandshake(frame), { once: true });
    frame.element.src = frame.spec.src;
  }

  renderWorkItemChrome();
  for (const frame of created.filter((candidate) => candidate.spec.role === "form-group")) {
    void callInstance(
      frame,
      "onLoaded",
      [{ id: workItemForm.item?.id, isNew: false, isReadOnly: false }],
      false,
    );
  }
  document.getElementById("wi-refresh")?.addEventListener("click", () => void refreshWorkItem());
  if (config.page === "work-item") wireWorkItemSwitching();
  // Save with no work item open does nothing (the form has no Save then).
  document
    .getElementById("wi-save")
    ?.addEventListener("click", () => void saveWorkItem().catch(() => undefined));

  for (const frame of created.filter(
    (candidate) => candidate.spec.role === "widget" || candidate.spec.role === "widget-preview",
  )) {
    // As on a dashboard: preload (optional) first, then load with the stored settings.
    void callInstance(frame, "preload", [frame.spec.widgetSettings], false).then(() =>
      callInstance(frame, "load", [frame.spec.widgetSettings], true),
    );
  }
  for (const frame of created.filter((candidate) => candidate.spec.role === "widget-config")) {
    wireConfiguration(frame, created);
  }
}

/** As the real host: a frame that has not begun the handshake 5 s after its load event failed. */
function failWithoutHandshake(frame: FrameState): void {
  setTimeout(() => {
    if (frame.status !== "loading") return;
    frame.status = "failed";
    frame.error = `no handshake within ${HANDSHAKE_WAIT_MS / 1000} s of the frame's load event`;
    publishFrames();
    frame.markLoaded();
  }, HANDSHAKE_WAIT_MS);
}

function wireWorkItemSwitching(): void {
  state.openWorkItem = openWorkItem;
  state.unloadWorkItem = unloadWorkItem;
  const input = document.getElementById("wi-next-id") as HTMLInputElement | null;
  document.getElementById("wi-next")?.addEventListener("click", () => {
    const id = Number(input?.value);
    if (Number.isInteger(id) && id > 0) {
      openWorkItem(id).catch((error: unknown) => {
        workItemForm.error = (error as Error).message;
        renderWorkItemChrome();
      });
    }
  });
  document.getElementById("wi-unload")?.addEventListener("click", () => void unloadWorkItem());
}

function wireConfiguration(configFrame: FrameState, all: FrameState[]): void {
  const preview = all.find((frame) => frame.spec.elementId === configFrame.spec.previewElementId);
  const settings = configFrame.spec.widgetSettings as WidgetSettingsSpec;
  let latest = settings.customSettings;
  const saveStatus = document.getElementById("config-save-status");
  const context = {
    notify: async (event: string, eventArgs: { data?: unknown }) => {
      record("widget-configuration", "notify", [event, eventArgs]);
      if (event === CONFIGURATION_CHANGE && preview && eventArgs?.data) {
        latest = eventArgs.data as WidgetSettingsSpec["customSettings"];
        const previewSettings = {
          ...(preview.spec.widgetSettings ?? settings),
          customSettings: latest,
        };
        const instance = await registeredInstance(preview);
        const method = typeof instance.reload === "function" ? "reload" : "load";
        await callInstance(preview, method, [previewSettings], true);
      }
      return { getResponse: async () => "" };
    },
  };
  void callInstance(configFrame, "load", [settings, context], true);

  document.getElementById("config-save")?.addEventListener("click", () => {
    void (async () => {
      try {
        const instance = await registeredInstance(configFrame);
        const result = (await (instance.onSave as RemoteFunction)()) as {
          isValid?: boolean;
          customSettings?: WidgetSettingsSpec["customSettings"];
        };
        if (!result?.isValid || !result.customSettings) throw new Error("configuration is invalid");
        await harnessApi("/_harness/api/widget-settings", {
          widgetContributionId: config.widgetContributionId,
          customSettings: result.customSettings,
        });
        latest = result.customSettings;
        record("widget-configuration", "saved", [latest]);
        if (typeof instance.onSaveComplete === "function") {
          await (instance.onSaveComplete as RemoteFunction)();
        }
        if (saveStatus) saveStatus.textContent = "Saved.";
      } catch (error) {
        const message =
          (error as { message?: string })?.message ??
          ((error as { isValid?: boolean })?.isValid === false
            ? "configuration is invalid"
            : String(error));
        if (saveStatus) saveStatus.textContent = `Not saved: ${message}`;
      }
    })();
  });
}

startPage();
