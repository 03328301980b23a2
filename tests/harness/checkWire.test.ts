/**
 * The wire checker against a transcript shaped like a real session (handshake, a service, a proxied
 * call, the registered-object lookups, a form event), then with one rule broken at a time.
 */
import type { WireRecord } from "../../dev/harness/client/config";
import { loadApiSurface } from "../../dev/harness/wire/apiSurface";
import { checkWire, type WireFrame } from "../../dev/harness/wire/checkWire";

const surface = loadApiSurface();
const TOKEN = "0a1b2c3d4e5f6g7h8i9j0k";
const frame: WireFrame = {
  elementId: "frame-1",
  role: "form-group",
  contributionId: "work-item-deployments",
  fullContributionId: "release-trace.release-trace.work-item-deployments",
};
const PROXIED = {
  instanceContext: {},
  serializationSettings: { includeUnderscoreProperties: true },
};

type Message = NonNullable<WireRecord["message"]>;
const frameSays = (at: number, message: Message): WireRecord => ({
  frame: "frame-1",
  direction: "in",
  at,
  message,
});
const hostSays = (at: number, message: Message): WireRecord => ({
  frame: "frame-1",
  direction: "out",
  at,
  message,
});

function session(): WireRecord[] {
  return [
    frameSays(1, {
      id: 1,
      methodName: "initialHandshake",
      instanceId: "DevOps.HostControl",
      params: [{ loaded: false, applyTheme: true, sdkVersion: 4.2 }],
      handshakeToken: TOKEN,
    }),
    hostSays(2, {
      id: 1,
      result: { contributionId: frame.fullContributionId },
      handshakeToken: TOKEN,
    }),
    frameSays(3, {
      id: 2,
      methodName: "getService",
      instanceId: "DevOps.ServiceManager",
      params: ["ms.vss-tfs-web.tfs-page-data-service"],
    }),
    hostSays(4, { id: 2, result: { getProject: { __proxyFunctionId: 1, _channelId: 1 } } }),
    frameSays(5, {
      id: 3,
      methodName: "proxy1",
      instanceId: "__proxyFunctions",
      params: [],
      ...PROXIED,
    }),
    hostSays(6, { id: 3, result: { id: "p", name: "Fabrikam" } }),
    frameSays(7, { id: 4, methodName: "notifyLoadSucceeded", instanceId: "DevOps.HostControl" }),
    hostSays(8, { id: 4 }),
    hostSays(10, { id: 1, methodName: "", instanceId: frame.fullContributionId }),
    frameSays(11, { id: 1, result: { onLoaded: { __proxyFunctionId: 3, _channelId: 1 } } }),
    hostSays(12, {
      id: 2,
      methodName: "proxy3",
      instanceId: "__proxyFunctions",
      params: [{ id: 7 }],
      ...PROXIED,
    }),
    frameSays(13, { id: 2 }),
  ];
}

test("a session as the SDK and the real host run it breaks no rule", () => {
  expect(checkWire(session(), [frame], surface)).toEqual([]);
});

test("the service ids and contracts come from the installed api package", () => {
  expect(surface.services.get("ms.vss-tfs-web.tfs-page-data-service")).toBe("IProjectPageService");
  expect(surface.services.get("ms.vss-work-web.work-item-form")).toBe("IWorkItemFormService");
  expect(surface.interfaces.get("IWorkItemNotificationListener")?.members.has("onUnloaded")).toBe(
    true,
  );
});

/** Replaces record `index` of a clean session (or adds records) and returns what the checker says. */
function brokenBy(change: (records: WireRecord[]) => void): string {
  const records = session();
  change(records);
  return checkWire(records, [frame], surface).join("\n");
}

test.each([
  [
    "a reply that does not echo the handshake token",
    (r: WireRecord[]) => delete r[1].message?.handshakeToken,
    "does not echo the request's handshakeToken",
  ],
  [
    "a service id the api package does not have",
    (r: WireRecord[]) => ((r[2].message as Message).params = ["ms.vss-web.location-service"]),
    "no service id of the api package",
  ],
  [
    "a method the SDK never calls on the host",
    (r: WireRecord[]) => ((r[6].message as Message).methodName = "notifyLoaded"),
    "the SDK never calls DevOps.HostControl.notifyLoaded",
  ],
  [
    "a service method the api interface does not declare",
    (r: WireRecord[]) =>
      ((r[3].message as Message).result = { getProjectInfo: { __proxyFunctionId: 1 } }),
    "IProjectPageService has no member getProjectInfo",
  ],
  [
    "a call of a function the other side never sent",
    (r: WireRecord[]) => ((r[4].message as Message).methodName = "proxy9"),
    "proxy9, a function the host never sent",
  ],
  [
    "a form event that is not in IWorkItemNotificationListener",
    (r: WireRecord[]) =>
      ((r[9].message as Message).result = { onOpened: { __proxyFunctionId: 3 } }),
    "IWorkItemNotificationListener has no member onOpened",
  ],
  [
    "a message that is not a JSON string",
    (r: WireRecord[]) => r.push({ frame: "frame-1", direction: "in", at: 20, raw: "(object)" }),
    "not a JSON string",
  ],
  [
    "a host call before the handshake is answered",
    (r: WireRecord[]) =>
      r.splice(
        1,
        0,
        hostSays(1, {
          id: 9,
          methodName: "dispatchEvent",
          instanceId: "DevOps.SdkClient",
          params: ["themeChanged"],
        }),
      ),
    "before answering its handshake",
  ],
  [
    "a lookup of an id that is not the frame's",
    (r: WireRecord[]) => ((r[8].message as Message).instanceId = "release-trace.other.id"),
    "not this frame's object",
  ],
  [
    "a short-id lookup sooner than 250 ms after the full id",
    (r: WireRecord[]) =>
      r.push(hostSays(100, { id: 5, methodName: "", instanceId: frame.contributionId })),
    "less than 250 ms after the full id",
  ],
  [
    "a retried lookup",
    (r: WireRecord[]) =>
      r.push(hostSays(400, { id: 5, methodName: "", instanceId: frame.fullContributionId })),
    "2 lookups of the full id",
  ],
  [
    "a reply to a request nobody sent",
    (r: WireRecord[]) => r.push(hostSays(30, { id: 42, result: 1 })),
    "a reply to 42",
  ],
])("the checker catches %s", (_name, change, expected) => {
  expect(brokenBy(change)).toContain(expected);
});
