/**
 * Checks the host↔frame XDM messages a harness page recorded against the rules SDK 4.2.0 and the
 * real host apply (XDM.js, SDK.js, VSS/Contributions/Controls.ts). A message that breaks one
 * would be dropped or misread by the real SDK or host, so the harness must not rely on it.
 */
import type { FrameRole, WireRecord } from "../client/config";
import type { ApiSurface } from "./apiSurface";

export interface WireFrame {
  elementId: string;
  role: FrameRole | string;
  contributionId: string;
  fullContributionId: string;
}

/** What the SDK calls on the host (SDK.js), by registered instance. */
const FRAME_CALLS: Record<string, readonly string[]> = {
  "DevOps.HostControl": [
    "initialHandshake",
    "notifyLoadSucceeded",
    "notifyLoadFailed",
    "getAccessToken",
    "getAppToken",
    "resize",
  ],
  "DevOps.ServiceManager": ["getService"],
};
/** The registered object's contract the host calls, by frame role (azure-devops-extension-api). */
const ROLE_INTERFACES: Record<string, string> = {
  "form-group": "IWorkItemNotificationListener",
  widget: "IConfigurableWidget",
  "widget-preview": "IConfigurableWidget",
  "widget-config": "IWidgetConfiguration",
};
/** The host asks for the short id no sooner than this after the full id (Controls.ts). */
const SHORT_ID_DELAY_MS = 250;
const HANDSHAKE_TOKEN = /^[0-9a-z]{22}$/;

type Side = "host" | "frame";
type Message = NonNullable<WireRecord["message"]>;

interface OpenRequest {
  message: Message;
  /** The interface whose members a reply's functions are (a service, a registered object...). */
  resultInterface?: string;
}

interface FrameWire {
  frame: WireFrame;
  /** Requests awaiting a reply, by the side that sent them and id. */
  open: Record<Side, Map<number, OpenRequest>>;
  /** Proxy functions each side sent: id → the interface member it stands for, if known. */
  proxies: Record<Side, Map<number, { iface?: string; member: string }>>;
  handshakeAnswered: boolean;
  handshakes: number;
  lookups: { full: number[]; short: number[] };
}

interface Checker {
  surface: ApiSurface;
  problems: string[];
}

function problem(checker: Checker, record: WireRecord, text: string): void {
  const message = record.message ? JSON.stringify(record.message).slice(0, 160) : record.raw;
  checker.problems.push(
    `${record.frame} ${record.direction} @${record.at}ms: ${text} — ${message}`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every function the value carries (`{__proxyFunctionId}`), with the key it was found under. */
function proxiesIn(value: unknown, key: string, found: Array<[number, string]> = []) {
  if (Array.isArray(value)) value.forEach((item) => proxiesIn(item, key, found));
  else if (isRecord(value)) {
    if (typeof value.__proxyFunctionId === "number") found.push([value.__proxyFunctionId, key]);
    else for (const [name, item] of Object.entries(value)) proxiesIn(item, name, found);
  }
  return found;
}

function knownInterface(checker: Checker, name: string | undefined): string | undefined {
  return name && checker.surface.interfaces.has(name) ? name : undefined;
}

/** Remembers the functions a message carries; at the top of a typed result they are its members. */
function noteProxies(wire: FrameWire, sender: Side, value: unknown, iface?: string): void {
  if (iface && isRecord(value)) {
    for (const [member, item] of Object.entries(value)) {
      if (isRecord(item) && typeof item.__proxyFunctionId === "number") {
        wire.proxies[sender].set(item.__proxyFunctionId, { iface, member });
      }
    }
  }
  for (const [id, member] of proxiesIn(value, "(value)")) {
    if (!wire.proxies[sender].has(id)) wire.proxies[sender].set(id, { member });
  }
}

function checkProxyCall(checker: Checker, wire: FrameWire, record: WireRecord): OpenRequest {
  const message = record.message as Message;
  const callee: Side = record.direction === "in" ? "host" : "frame";
  const id = /^proxy(\d+)$/.exec(String(message.methodName));
  const proxy = id ? wire.proxies[callee].get(Number(id[1])) : undefined;
  if (!proxy) {
    problem(
      checker,
      record,
      `calls ${String(message.methodName)}, a function the ${callee} never sent`,
    );
    return { message };
  }
  const settings = message.serializationSettings as { includeUnderscoreProperties?: unknown };
  if (!isRecord(message.instanceContext) || settings?.includeUnderscoreProperties !== true) {
    problem(
      checker,
      record,
      "a proxied call without instanceContext {} and includeUnderscoreProperties",
    );
  }
  const iface = proxy.iface ? checker.surface.interfaces.get(proxy.iface) : undefined;
  if (iface && !iface.members.has(proxy.member)) {
    problem(checker, record, `${proxy.iface} has no member ${proxy.member}`);
  }
  return { message, resultInterface: knownInterface(checker, iface?.members.get(proxy.member)) };
}

function checkFrameRequest(checker: Checker, wire: FrameWire, record: WireRecord): OpenRequest {
  const message = record.message as Message;
  const instance = String(message.instanceId);
  const method = String(message.methodName);
  if (instance === "__proxyFunctions") return checkProxyCall(checker, wire, record);
  if (!FRAME_CALLS[instance]?.includes(method)) {
    problem(checker, record, `the SDK never calls ${instance}.${method}`);
    return { message };
  }
  if (method === "initialHandshake") checkHandshake(checker, wire, record);
  else if (wire.handshakes === 0) problem(checker, record, "a call before the handshake");
  if (method !== "getService") return { message };
  const params = Array.isArray(message.params) ? message.params : [];
  const service = checker.surface.services.get(String(params[0]));
  if (params.length !== 1 || !service) {
    problem(
      checker,
      record,
      `getService of ${String(params[0])}, no service id of the api package`,
    );
  }
  return { message, resultInterface: service };
}

function checkHandshake(checker: Checker, wire: FrameWire, record: WireRecord): void {
  const message = record.message as Message;
  wire.handshakes += 1;
  if (wire.handshakes > 1) problem(checker, record, "a second initialHandshake");
  const options = Array.isArray(message.params) ? message.params[0] : undefined;
  if (!isRecord(options) || !(Number(options.sdkVersion) > 0)) {
    problem(checker, record, "initialHandshake without sdkVersion > 0");
  }
  if (!HANDSHAKE_TOKEN.test(String(message.handshakeToken))) {
    problem(checker, record, "initialHandshake without the SDK's 22-character handshakeToken");
  }
}

function checkHostRequest(checker: Checker, wire: FrameWire, record: WireRecord): OpenRequest {
  const message = record.message as Message;
  const instance = String(message.instanceId);
  if (!wire.handshakeAnswered) {
    problem(
      checker,
      record,
      "the host calls the frame before answering its handshake (the SDK drops it)",
    );
  }
  if (instance === "__proxyFunctions") return checkProxyCall(checker, wire, record);
  if (instance === "DevOps.SdkClient") {
    if (message.methodName !== "dispatchEvent")
      problem(checker, record, "DevOps.SdkClient only has dispatchEvent");
    return { message };
  }
  const { contributionId, fullContributionId } = wire.frame;
  const kind =
    instance === fullContributionId ? "full" : instance === contributionId ? "short" : undefined;
  if (!kind || message.methodName !== "") {
    problem(
      checker,
      record,
      `the host asks for ${instance}.${String(message.methodName)}, not this frame's object`,
    );
    return { message };
  }
  wire.lookups[kind].push(record.at);
  return { message, resultInterface: knownInterface(checker, ROLE_INTERFACES[wire.frame.role]) };
}

function checkReply(checker: Checker, wire: FrameWire, record: WireRecord): void {
  const message = record.message as Message;
  const sender: Side = record.direction === "in" ? "frame" : "host";
  const asker: Side = sender === "host" ? "frame" : "host";
  const request = wire.open[asker].get(Number(message.id));
  if (!request) {
    problem(
      checker,
      record,
      `a reply to ${String(message.id)}, which the ${asker} never asked or was answered`,
    );
    return;
  }
  wire.open[asker].delete(Number(message.id));
  if ("result" in message && "error" in message)
    problem(checker, record, "a reply with both result and error");
  if (
    request.message.handshakeToken !== undefined &&
    message.handshakeToken !== request.message.handshakeToken
  ) {
    problem(
      checker,
      record,
      "a reply that does not echo the request's handshakeToken (the SDK drops it)",
    );
  }
  if (request.message.methodName === "initialHandshake") wire.handshakeAnswered = true;
  noteProxies(wire, sender, message.result, request.resultInterface);
}

function checkRecord(checker: Checker, wire: FrameWire, record: WireRecord): void {
  const message = record.message;
  if (!message)
    return problem(checker, record, "not a JSON string of an object (the SDK ignores it)");
  if (!Number.isInteger(message.id) || Number(message.id) < 1)
    problem(checker, record, "id is not a positive integer");
  if (message.instanceId === undefined) return checkReply(checker, wire, record);
  if (
    typeof message.instanceId !== "string" ||
    typeof message.methodName !== "string" ||
    message.instanceId === ""
  ) {
    return problem(checker, record, "a request needs a string instanceId and methodName");
  }
  if (message.params !== undefined && !Array.isArray(message.params))
    problem(checker, record, "params is not an array");
  const sender: Side = record.direction === "in" ? "frame" : "host";
  if (sender === "frame" && wire.handshakes === 0 && message.methodName !== "initialHandshake") {
    problem(checker, record, "the frame's first call is not initialHandshake");
  }
  const request =
    sender === "frame"
      ? checkFrameRequest(checker, wire, record)
      : checkHostRequest(checker, wire, record);
  wire.open[sender].set(Number(message.id), request);
  noteProxies(wire, sender, message.params);
}

/** The real host asks once for the full id and once, 250 ms later, for the short id. */
function checkLookups(checker: Checker, wire: FrameWire): void {
  const { full, short } = wire.lookups;
  const where = wire.frame.elementId;
  if (full.length > 1)
    checker.problems.push(`${where}: ${full.length} lookups of the full id (the host asks once)`);
  if (short.length > 1)
    checker.problems.push(`${where}: ${short.length} lookups of the short id (the host asks once)`);
  if (short.length > 0 && (full.length === 0 || short[0] - full[0] < SHORT_ID_DELAY_MS - 1)) {
    checker.problems.push(
      `${where}: the short id was asked for less than 250 ms after the full id`,
    );
  }
}

/** Every rule the messages break, one line each; empty when the wire is clean. */
export function checkWire(
  records: WireRecord[],
  frames: WireFrame[],
  surface: ApiSurface,
): string[] {
  const checker: Checker = { surface, problems: [] };
  const wires = new Map<string, FrameWire>();
  for (const frame of frames) {
    wires.set(frame.elementId, {
      frame,
      open: { host: new Map(), frame: new Map() },
      proxies: { host: new Map(), frame: new Map() },
      handshakeAnswered: false,
      handshakes: 0,
      lookups: { full: [], short: [] },
    });
  }
  for (const record of records) {
    const wire = wires.get(record.frame);
    if (!wire) problem(checker, record, "a message for a frame the page does not have");
    else checkRecord(checker, wire, record);
  }
  for (const wire of wires.values()) checkLookups(checker, wire);
  return checker.problems;
}
