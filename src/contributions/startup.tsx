/*
 * Shared start-up for the contribution entries: connect to the host, build the data sources and
 * the UI environment, and the widget / widget-configuration registration dance.
 */
import * as React from "react";
import {
  createBrowserSources,
  createBrowserSourcesFor,
  configurationValid,
  hostNavigator,
  initExtension,
  notifyConfigurationChange,
  notifyLoadFailed,
  notifyLoadSucceeded,
  registerContributionObject,
  widgetFailure,
  widgetSuccess,
  type BrowserSources,
  type HostContext,
  type SourceAreas,
  type WidgetConfigurationContext,
  type WidgetSettings,
  type WidgetStatus,
} from "../host";
import type { UiEnvironment } from "../ui/context";
import { describeError } from "../ui/errors";
import { createWebLinks } from "../ui/links";
import { renderStartupError, renderWithEnvironment } from "../ui/mount";

export interface Connection {
  host: HostContext;
  environment: UiEnvironment;
}

/** Handshake only: for pages that read no Azure DevOps data. */
export function connectHost(): Promise<HostContext> {
  return initExtension({ loaded: false });
}

/** Handshake, then the REST sources and the UI environment built on the host's answers. */
export function connect(): Promise<Connection> {
  return connectWith(createBrowserSources);
}

async function connectWith(create: (host: HostContext) => BrowserSources): Promise<Connection> {
  const host = await connectHost();
  const { sources, restCalls, waits } = create(host);
  const environment: UiEnvironment = {
    sources,
    restCalls,
    waits,
    project: host.project.name,
    links: createWebLinks(host.orgUrl, host.project.name),
    navigate: hostNavigator(),
  };
  return { host, environment };
}

/** Shows why the page could not start and tells the host; never leaves a blank frame. */
export function failStartup(error: unknown): void {
  renderStartupError(error);
  notifyLoadFailed(error).catch(() => undefined);
}

type SettledCallback = (error?: unknown) => void;

/**
 * A dashboard widget: `load`/`reload` render the view for the given settings and resolve when its
 * data has loaded (success) or failed (the host's failure status, with the message).
 */
export function startWidget(
  shortId: string,
  render: (
    settings: WidgetSettings,
    onSettled: SettledCallback,
    host: HostContext,
  ) => React.ReactElement,
): void {
  let renderCount = 0;
  const connected = connect();
  const show = async (settings: WidgetSettings): Promise<WidgetStatus> => {
    const { environment, host } = await connected;
    renderCount += 1;
    const settled = new Promise<unknown>((resolve) => {
      const element = render(settings, resolve, host);
      renderWithEnvironment(
        environment,
        <React.Fragment key={renderCount}>{element}</React.Fragment>,
      );
    });
    const error = await settled;
    if (error === undefined) return widgetSuccess();
    const { title, detail } = describeError(error, "Could not load the widget data");
    return widgetFailure(`${title}: ${detail}`);
  };
  const registration = registerContributionObject(shortId, () => ({
    preload: () => widgetSuccess(),
    load: show,
    reload: show,
  }));
  connected
    .then(() => {
      registration.registerFullId();
      return notifyLoadSucceeded();
    })
    .catch(failStartup);
}

/** Renders an element into the page (with whatever environment the page connected with). */
export type Mount = (element: React.ReactElement) => void;

/**
 * For widget configurations that read data: connect with sources for `areas` only (what the
 * form lists; the live preview is the widget's own page) and mount inside the UI environment.
 */
export async function connectWithData(areas: SourceAreas): Promise<Mount> {
  const { environment } = await connectWith((host) => createBrowserSourcesFor(host, areas));
  return (element) => renderWithEnvironment(environment, element);
}

/**
 * A widget configuration: `load` renders the form for the saved settings; every change is sent to
 * the host for the live preview; `onSave` returns the current settings.
 */
export function startWidgetConfiguration<T>(options: {
  shortId: string;
  connect: () => Promise<Mount>;
  parse: (data: string | null | undefined) => T;
  serialize: (settings: T) => string;
  render: (settings: T, onChange: (settings: T) => void) => React.ReactElement;
}): void {
  let current: T | undefined;
  const connected = options.connect();
  const registration = registerContributionObject(options.shortId, () => ({
    load: async (settings: WidgetSettings, widgetContext: WidgetConfigurationContext) => {
      const mount = await connected;
      current = options.parse(settings.customSettings?.data);
      const update = (next: T) => {
        current = next;
        mount(options.render(next, update));
        notifyConfigurationChange(widgetContext, options.serialize(next)).catch(() => undefined);
      };
      mount(options.render(current, update));
      return widgetSuccess();
    },
    onSave: () => configurationValid(options.serialize(current ?? options.parse(undefined))),
  }));
  connected
    .then(() => {
      registration.registerFullId();
      return notifyLoadSucceeded();
    })
    .catch(failStartup);
}
