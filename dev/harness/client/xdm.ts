/**
 * Host side of the SDK's XDM protocol (postMessage of JSON strings), one channel per iframe.
 * Mirrors what the SDK expects: replies echo `id` and `handshakeToken`; functions travel as
 * `{__proxyFunctionId}` and are called back through the `__proxyFunctions` instance as `proxy<n>`;
 * dates travel as `{__proxyDate}`; properties starting with "_" are dropped unless the caller asked
 * for `includeUnderscoreProperties`.
 *
 * This file is bundled into the host page script (see ../clientBundle.ts); it imports nothing.
 */

export type RemoteFunction = (...args: unknown[]) => Promise<unknown>;
type LocalFunction = (...args: unknown[]) => unknown;
export type RegisteredObject = Record<string, unknown>;

interface SerializationSettings {
  includeUnderscoreProperties?: boolean;
}

export interface RpcMessage {
  id: number;
  methodName?: string;
  instanceId?: string;
  instanceContext?: unknown;
  params?: unknown[];
  result?: unknown;
  error?: unknown;
  handshakeToken?: string;
  serializationSettings?: SerializationSettings;
}

const MAX_DEPTH = 100;

function allPropertyNames(value: object): string[] {
  const names = new Set<string>();
  let current: object | null = value;
  // Walk the prototype chain like the SDK does, so class methods are proxied too.
  while (current && current !== Object.prototype && current !== Array.prototype) {
    for (const name of Object.getOwnPropertyNames(current)) {
      if (name !== "constructor") names.add(name);
    }
    current = Object.getPrototypeOf(current) as object | null;
  }
  return [...names];
}

export class XdmChannel {
  private nextMessageId = 1;
  private nextProxyId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (reason: unknown) => void }
  >();
  private readonly proxyFunctions: Record<string, LocalFunction> = {};

  constructor(
    readonly target: Window,
    readonly targetOrigin: string,
    private readonly registry: Record<string, RegisteredObject>,
    private readonly onTrace: (direction: "in" | "out", message: RpcMessage) => void = () => {},
  ) {}

  invoke(
    methodName: string,
    instanceId: string,
    params: unknown[] = [],
    instanceContext?: unknown,
    settings?: SerializationSettings,
  ): Promise<unknown> {
    const message: RpcMessage = {
      id: this.nextMessageId++,
      methodName,
      instanceId,
      instanceContext,
      params: this.serialize(params, settings) as unknown[],
      serializationSettings: settings,
    };
    const promise = new Promise<unknown>((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
    });
    this.send(message);
    return promise;
  }

  /** Handles one parsed message from this channel's frame. */
  receive(message: RpcMessage): void {
    this.onTrace("in", message);
    if (message.instanceId) {
      void this.dispatch(message);
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.error !== undefined && message.error !== null) {
      waiting.reject(this.deserialize(message.error));
    } else {
      waiting.resolve(this.deserialize(message.result));
    }
  }

  private async dispatch(message: RpcMessage): Promise<void> {
    const instanceId = message.instanceId as string;
    const instance =
      instanceId === "__proxyFunctions"
        ? (this.proxyFunctions as RegisteredObject)
        : this.registry[instanceId];
    const reply = (outcome: { result?: unknown; error?: unknown }): void => {
      this.send({
        id: message.id,
        handshakeToken: message.handshakeToken,
        ...(outcome.error !== undefined
          ? { error: this.serialize(outcome.error, message.serializationSettings) }
          : { result: this.serialize(outcome.result, message.serializationSettings) }),
      });
    };
    if (!instance) {
      reply({ error: { message: `The registered object ${instanceId} could not be found.` } });
      return;
    }
    if (!message.methodName) {
      reply({ result: instance });
      return;
    }
    const method = instance[message.methodName];
    if (typeof method !== "function") {
      reply({ error: { message: `RPC method not found: ${message.methodName}` } });
      return;
    }
    try {
      const args = (this.deserialize(message.params ?? []) as unknown[]) ?? [];
      const result: unknown = await (method as LocalFunction).apply(instance, args);
      reply({ result });
    } catch (caught) {
      const error =
        caught instanceof Error
          ? { name: caught.name, message: caught.message, ...(caught as object) }
          : caught;
      reply({ error: error ?? { message: "unknown error" } });
    }
  }

  private send(message: RpcMessage): void {
    this.onTrace("out", message);
    this.target.postMessage(JSON.stringify(message), this.targetOrigin);
  }

  private serialize(
    value: unknown,
    settings: SerializationSettings | undefined,
    parents: object[] = [],
    depth = 1,
  ): unknown {
    if (value === null || value === undefined || depth > MAX_DEPTH) return undefined;
    if (typeof value === "function") return this.proxy(value as LocalFunction);
    if (typeof value !== "object") return value;
    if (value instanceof Date) return { __proxyDate: value.getTime() };
    if (parents.includes(value)) return undefined; // cycles are not needed by any harness service
    const nextParents = [...parents, value];
    const member = (item: unknown): unknown => {
      if (item instanceof Date) return { __proxyDate: item.getTime() };
      if (typeof item === "function") return this.proxy(item as LocalFunction);
      if (item !== null && typeof item === "object") {
        return this.serialize(item, settings, nextParents, depth + 1);
      }
      return item;
    };
    if (Array.isArray(value)) return value.map(member);
    const output: Record<string, unknown> = {};
    for (const key of allPropertyNames(value)) {
      if (key.startsWith("_") && !settings?.includeUnderscoreProperties) continue;
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined || key === "__proxyFunctionId") continue;
      output[key] = member(item);
    }
    return output;
  }

  private proxy(fn: LocalFunction): { __proxyFunctionId: number; _channelId: number } {
    const proxyId = this.nextProxyId++;
    this.proxyFunctions[`proxy${proxyId}`] = (...args: unknown[]) => fn(...args);
    return { __proxyFunctionId: proxyId, _channelId: 1 };
  }

  private deserialize(value: unknown, circular: Record<number, unknown> = {}): unknown {
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    if (typeof record.__proxyFunctionId === "number") {
      const proxyId = record.__proxyFunctionId;
      const remote: RemoteFunction = (...args: unknown[]) =>
        this.invoke(
          `proxy${proxyId}`,
          "__proxyFunctions",
          args,
          {},
          {
            includeUnderscoreProperties: true,
          },
        );
      return remote;
    }
    if (typeof record.__proxyDate === "number") return new Date(record.__proxyDate);
    if (typeof record.__circularReference === "number") return circular[record.__circularReference];
    if (typeof record.__circularReferenceId === "number") {
      circular[record.__circularReferenceId] = record;
      delete record.__circularReferenceId;
    }
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        value[index] = this.deserialize(value[index], circular);
      }
      return value;
    }
    for (const key of Object.keys(record)) record[key] = this.deserialize(record[key], circular);
    return record;
  }
}
