/** core: projects, and connectionData (who the token belongs to). */
import { headerPaged, projectNotFound, type Route } from "../http";
import { projectFull } from "../views";

export const coreRoutes: Route[] = [
  {
    method: "GET",
    pattern: "projects",
    project: "none",
    name: "core.projects",
    handler: (ctx) =>
      headerPaged(
        ctx,
        ctx.store.demo.projects.map((project) => projectFull(ctx.urls, project)),
      ),
  },
  {
    method: "GET",
    pattern: "projects/{projectId}",
    project: "none",
    name: "core.project",
    handler: (ctx) => {
      const project = ctx.store.project(ctx.params.projectId);
      if (!project) throw projectNotFound(ctx.params.projectId);
      return { body: projectFull(ctx.urls, project) };
    },
  },
  {
    // What a host or client asks first to learn the signed-in user; any valid token is the
    // demo's first person.
    method: "GET",
    pattern: "connectionData",
    project: "none",
    name: "core.connectionData",
    handler: (ctx) => {
      const person = ctx.store.demo.people[0];
      const identity = {
        id: person.id,
        descriptor: person.descriptor,
        subjectDescriptor: person.descriptor,
        providerDisplayName: person.displayName,
        isActive: true,
        properties: { Account: { $type: "System.String", $value: person.uniqueName } },
      };
      return {
        body: {
          authenticatedUser: identity,
          authorizedUser: identity,
          instanceId: ctx.store.demo.projects[0]?.id,
          // DeploymentFlags: what tells a client Services from Server.
          deploymentType: ctx.server === "services" ? "hosted" : "onPremises",
          locationServiceData: { serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7" },
        },
      };
    },
  },
];
