/**
 * What the host answers to `DevOps.HostControl.initialHandshake`, per host variant. The shapes
 * follow the hosts that sent them (SDK 4.2.0 reads them in `init`, SDK.js 75-114):
 * - current: `{contributionId, context{extension, user, host, pageContext{webContext}}, ...}`.
 * - legacy: the VSS web platform's ExternalContentHost (VSS/Contributions/Controls.ts): a top-level
 *   `pageContext`, `extensionContext` and `contribution`, plus `contributionId` and a partial
 *   `context` (host and user without some fields, extension without version) for sdkVersion > 0.
 *   Test Plans pages sent the same mix (azure-devops-extension-sdk PR #135).
 * - legacy-no-context: the same host where it has no page service (Controls.ts adds `context` only
 *   then): the SDK then knows no user and no host, and getUser()/getHost() throw.
 * - no-web-context: the context carries no pageContext at all (SDK issues #81, #103), so the SDK
 *   has no webContext and `getWebContext()` throws.
 * - empty-web-context: `pageContext: {webContext: {}}` (SDK issues #111, #127).
 */
import type { FrameSpec, HostPageConfig, HostVariant } from "./config.js";

export interface HandshakeRequest {
  sdkVersion?: number;
  loaded?: boolean;
  applyTheme?: boolean;
}

function webContext(config: HostPageConfig): Record<string, unknown> {
  return { project: config.project, team: config.team };
}

function pageContext(
  config: HostPageConfig,
  web: Record<string, unknown>,
): Record<string, unknown> {
  return {
    webContext: web,
    globalization: { culture: "en-US", timeZoneId: "UTC", theme: config.theme },
    timeZonesConfiguration: { daylightSavingsAdjustments: [] },
  };
}

function currentShape(
  config: HostPageConfig,
  frame: FrameSpec,
  page: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return {
    contributionId: frame.fullContributionId,
    context: {
      extension: config.extension,
      user: config.user,
      host: config.host,
      ...(page ? { pageContext: page } : {}),
    },
    initialConfig: frame.initialConfig,
  };
}

function legacyShape(config: HostPageConfig, frame: FrameSpec): Record<string, unknown> {
  const { publisherId, extensionId, version, baseUri } = config.extension;
  return {
    pageContext: pageContext(config, webContext(config)),
    initialConfig: frame.initialConfig,
    extensionContext: { extensionId, publisherId, version, baseUri },
    contribution: { id: frame.fullContributionId, properties: { uri: frame.src } },
    contributionId: frame.fullContributionId,
    context: {
      host: { id: config.host.id, name: config.host.name, type: config.host.type },
      user: {
        id: config.user.id,
        name: config.user.name,
        displayName: config.user.displayName,
        imageUrl: config.user.imageUrl,
      },
      extension: { id: `${publisherId}.${extensionId}`, publisherId, extensionId },
    },
  };
}

/** The handshake answer (without themeData, which the caller adds when the frame asked for it). */
export function handshakeResult(
  variant: HostVariant,
  config: HostPageConfig,
  frame: FrameSpec,
): Record<string, unknown> {
  switch (variant) {
    case "legacy":
      return legacyShape(config, frame);
    case "legacy-no-context": {
      const shape = legacyShape(config, frame);
      delete shape.context;
      return shape;
    }
    case "no-web-context":
      return currentShape(config, frame, undefined);
    case "empty-web-context":
      return currentShape(config, frame, pageContext(config, {}));
    case "current":
      return currentShape(config, frame, pageContext(config, webContext(config)));
  }
}
