/** core: projects. */
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
];
