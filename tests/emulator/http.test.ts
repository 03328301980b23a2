import type { RunningEmulator } from "../../dev/emulator";
import { EXTENSION_ACCEPT, call, values, walkPages, withEmulator } from "./helpers";

let emulator: RunningEmulator;
let project: string;

beforeAll(async () => {
  emulator = await withEmulator();
  project = emulator.project.name;
});
afterAll(() => emulator.close());

describe("formats", () => {
  it("serves string enums, ISO dates and {count,value} by default", async () => {
    const response = await call(
      emulator,
      `${project}/_apis/build/builds?$top=3&statusFilter=completed&queryOrder=finishTimeDescending`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const builds = values(response);
    expect(builds).toHaveLength(3);
    expect(builds[0].status).toBe("completed");
    expect(typeof builds[0].reason).toBe("string");
    expect(String(builds[0].queueTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(response.text).not.toContain("\\/Date(");
  });

  it("serves numeric enums, \\/Date(ms)\\/ and bare arrays for the extension Accept header", async () => {
    const response = await call(
      emulator,
      `${project}/_apis/build/builds?$top=3&statusFilter=2&queryOrder=3`,
      {
        accept: EXTENSION_ACCEPT,
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("api-version=7.2-preview.1");
    expect(Array.isArray(response.json)).toBe(true);
    const builds = response.json as Record<string, unknown>[];
    expect(builds).toHaveLength(3);
    expect(builds[0].status).toBe(2);
    expect(typeof builds[0].result).toBe("number");
    // The raw text carries escaped slashes, which the extension client's date regex needs.
    expect(response.text).toMatch(/"queueTime":"\\\/Date\(\d+\)\\\/"/);
    expect(builds[0].queueTime).toMatch(/^\/Date\(\d+\)\/$/);
  });

  it("switches per request on the same resource", async () => {
    const plain = await call(
      emulator,
      `${project}/_apis/git/repositories/web-app/pullrequests?searchCriteria.status=completed&$top=1`,
    );
    const ext = await call(
      emulator,
      `${project}/_apis/git/repositories/web-app/pullrequests?searchCriteria.status=3&$top=1`,
      {
        accept: EXTENSION_ACCEPT,
      },
    );
    const [pr] = values(plain);
    const [extPr] = ext.json as Record<string, unknown>[];
    expect(pr.pullRequestId).toBe(extPr.pullRequestId);
    expect(pr.status).toBe("completed");
    expect(extPr.status).toBe(3);
    expect(extPr.creationDate).toMatch(/^\/Date\(\d+\)\/$/);
    expect(new Date(String(pr.creationDate)).getTime()).toBe(
      Number(/\d+/.exec(String(extPr.creationDate))?.[0]),
    );
  });
});

describe("paging", () => {
  it("walks builds by header continuation to the end, without duplicates or gaps", async () => {
    const all = values(
      await call(emulator, `${project}/_apis/build/builds?queryOrder=queueTimeDescending`),
    );
    expect(all).toHaveLength(emulator.summary.runs);
    expect(all.length).toBeGreaterThan(150);
    const walked = await walkPages(
      emulator,
      `${project}/_apis/build/builds?queryOrder=queueTimeDescending&$top=7`,
    );
    expect(walked.items.map((build) => build.id)).toEqual(all.map((build) => build.id));
    expect(walked.pages.slice(0, -1).every((size) => size === 7)).toBe(true);
  });

  it("still reaches the end when pages are truncated", async () => {
    emulator.setFaults({ truncatedPages: true });
    try {
      const all = values(await call(emulator, `${project}/_apis/policy/configurations`));
      const walked = await walkPages(emulator, `${project}/_apis/policy/configurations?$top=6`);
      expect(walked.pages.every((size) => size < 6)).toBe(true);
      expect(walked.items.map((policy) => policy.id)).toEqual(all.map((policy) => policy.id));
      expect(emulator.stats().faultsInjected.truncatedPage).toBeGreaterThan(0);
    } finally {
      emulator.setFaults({ truncatedPages: false });
    }
  });

  it("pages refs, deployment records (top without $), releases and scope-resolved policies", async () => {
    const refs = await walkPages(emulator, `${project}/_apis/git/repositories/web-app/refs?$top=2`);
    expect(new Set(refs.items.map((ref) => ref.name)).size).toBe(refs.items.length);
    expect(refs.items.length).toBeGreaterThan(4);

    const records = await walkPages(
      emulator,
      `${project}/_apis/distributedtask/environments/4/environmentdeploymentrecords?top=5`,
    );
    const allRecords = values(
      await call(
        emulator,
        `${project}/_apis/distributedtask/environments/4/environmentdeploymentrecords`,
      ),
    );
    expect(records.items.map((record) => record.id)).toEqual(allRecords.map((record) => record.id));

    const releases = await walkPages(emulator, `${project}/_apis/release/releases?$top=4`);
    expect(releases.items.map((release) => release.id)).toEqual(
      [...releases.items.map((release) => Number(release.id))].sort((a, b) => b - a),
    );
    expect(releases.items).toHaveLength(emulator.summary.releases);

    const repos = values(await call(emulator, `${project}/_apis/git/repositories`));
    const web = repos.find((repo) => repo.name === "web-app") as Record<string, unknown>;
    const path = `${project}/_apis/git/policy/configurations?repositoryId=${web.id}&refName=refs/heads/main`;
    const scoped = await walkPages(emulator, `${path}&$top=3`);
    expect(scoped.items.map((policy) => policy.id)).toEqual(
      values(await call(emulator, path)).map((policy) => policy.id),
    );
  });
});

describe("routing", () => {
  it("matches routes case-insensitively and accepts a project name or id", async () => {
    const byName = values(await call(emulator, `${project}/_apis/GIT/Repositories`));
    const byId = values(await call(emulator, `${emulator.project.id}/_apis/git/repositories`));
    const byCase = values(
      await call(emulator, `${project.toUpperCase()}/_APIS/git/REPOSITORIES?API-VERSION=7.1`),
    );
    expect(byId.map((repo) => repo.id)).toEqual(byName.map((repo) => repo.id));
    expect(byCase).toHaveLength(byName.length);
    const orgLevel = await call(emulator, `_apis/git/pullRequests/1`);
    expect(orgLevel.status).toBe(200);
    const repo = await call(emulator, `${project}/_apis/git/repositories/WEB-APP`);
    expect((repo.json as Record<string, unknown>).name).toBe("web-app");
  });

  it("answers connectionData with the signed-in demo user", async () => {
    const answer = await call(emulator, `_apis/connectionData`);
    expect(answer.status).toBe(200);
    const user = (answer.json as { authenticatedUser: Record<string, unknown> }).authenticatedUser;
    expect(user.providerDisplayName).toEqual(expect.any(String));
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("omits defaultBranch on empty repositories and still lists disabled ones", async () => {
    const repos = values(await call(emulator, `${project}/_apis/git/repositories`));
    expect(repos.some((repo) => repo.defaultBranch === undefined)).toBe(true);
    expect(repos.some((repo) => repo.isDisabled === true)).toBe(true);
  });
});

describe("errors", () => {
  it("answers 401 with an empty body and WWW-Authenticate without valid credentials", async () => {
    for (const auth of [
      null,
      "Bearer invalid-token",
      `Basic ${Buffer.from("user:").toString("base64")}`,
    ]) {
      const response = await call(emulator, `${project}/_apis/git/repositories`, { auth });
      expect(response.status).toBe(401);
      expect(response.text).toBe("");
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    }
    expect(
      (await call(emulator, `${project}/_apis/git/repositories`, { auth: "Bearer some-token" }))
        .status,
    ).toBe(200);
  });

  it("uses the error envelope for unknown projects and repositories", async () => {
    const project404 = await call(emulator, "NoSuchProject/_apis/git/repositories");
    expect(project404.status).toBe(404);
    expect(project404.json).toMatchObject({
      $id: "1",
      innerException: null,
      typeKey: "ProjectDoesNotExistWithNameException",
      errorCode: 0,
      eventId: 3000,
    });
    expect(String((project404.json as { message: string }).message)).toMatch(
      /^TF200016: .*NoSuchProject/,
    );
    expect(decodeURIComponent(project404.headers.get("x-tfs-serviceerror") ?? "")).toMatch(
      /^TF200016/,
    );

    const repo404 = await call(emulator, `${project}/_apis/git/repositories/nope/refs`);
    expect(repo404.status).toBe(404);
    expect((repo404.json as { message: string }).message).toMatch(/^TF401019/);
    expect((repo404.json as { typeKey: string }).typeKey).toBe("GitRepositoryNotFoundException");
  });

  it("refuses sub-resources of disabled repositories", async () => {
    const response = await call(
      emulator,
      `${project}/_apis/git/repositories/legacy-monolith/commits`,
    );
    expect([403, 404]).toContain(response.status);
    expect((response.json as { message: string }).message).toMatch(/^TF4010(19|27)/);
  });

  it("answers unknown routes with plain text", async () => {
    const response = await call(emulator, `${project}/_apis/wit/nothingHere/0`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(response.text).toContain("was not found or does not implement IController");
  });

  it("rejects more than 200 work item ids and honours errorPolicy", async () => {
    const ids = Array.from({ length: 201 }, (_, index) => index + 1).join(",");
    const tooMany = await call(emulator, `${project}/_apis/wit/workitems?ids=${ids}`);
    expect(tooMany.status).toBe(400);
    const omitted = await call(
      emulator,
      `${project}/_apis/wit/workitems?ids=1,999999&errorPolicy=omit`,
    );
    expect(values(omitted)).toEqual([expect.objectContaining({ id: 1 }), null]);
    const failed = await call(emulator, `${project}/_apis/wit/workitems?ids=1,999999`);
    expect(failed.status).toBe(404);
  });

  it("requires an api-version on POST", async () => {
    const response = await call(emulator, `${project}/_apis/wit/wiql`, {
      body: { query: "SELECT [System.Id] FROM WorkItems" },
    });
    expect(response.status).toBe(400);
    expect((response.json as { typeKey: string }).typeKey).toBe("VssVersionNotSpecifiedException");
  });
});

describe("work items and WIQL", () => {
  it("lists every id of the project and supports [System.Id] > N with $top", async () => {
    const query =
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.Id]";
    const all = await call(emulator, `${project}/_apis/wit/wiql?api-version=7.1`, {
      body: { query },
    });
    const ids = (all.json as { workItems: { id: number }[] }).workItems.map((item) => item.id);
    expect(ids.length).toBeGreaterThan(250);
    const next = await call(emulator, `${project}/_apis/wit/wiql?$top=10&api-version=7.1`, {
      body: {
        query: `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Id] > ${ids[19]} ORDER BY [System.Id]`,
      },
    });
    expect((next.json as { workItems: { id: number }[] }).workItems.map((item) => item.id)).toEqual(
      ids.slice(20, 30),
    );
    const unsupported = await call(emulator, `${project}/_apis/wit/wiql?api-version=7.1`, {
      body: { query: "SELECT [System.Id] FROM WorkItems WHERE [System.Description] CONTAINS 'x'" },
    });
    expect(unsupported.status).toBe(400);
  });

  it("answers artifact URI queries for both %2F and %2f commit links", async () => {
    const items = values(
      await call(
        emulator,
        `${project}/_apis/wit/workitems?ids=${Array.from({ length: 200 }, (_, i) => i + 1).join(",")}&$expand=relations`,
      ),
    );
    const commitLink = items
      .flatMap((item) =>
        ((item.relations ?? []) as { url: string }[]).map((relation) => ({
          item,
          url: relation.url,
        })),
      )
      .find((entry) => entry.url.startsWith("vstfs:///Git/Commit/"));
    expect(commitLink).toBeDefined();
    const flipped = commitLink!.url.includes("%2F")
      ? commitLink!.url.replace(/%2F/g, "%2f")
      : commitLink!.url.replace(/%2f/g, "%2F");
    const response = await call(emulator, `${project}/_apis/wit/artifacturiquery?api-version=7.1`, {
      body: { artifactUris: [flipped] },
    });
    const result = (response.json as { artifactUrisQueryResult: Record<string, { id: number }[]> })
      .artifactUrisQueryResult;
    expect(result[flipped].map((ref) => ref.id)).toContain(commitLink!.item.id);
  });
});

describe("traceability chains", () => {
  it("links a waiting stage's Checkpoint records to the check suite and the pending approval", async () => {
    const running = values(
      await call(emulator, `${project}/_apis/build/builds?statusFilter=inProgress&definitions=10`),
    );
    expect(running).toHaveLength(1);
    const timeline = (
      await call(emulator, `${project}/_apis/build/builds/${running[0].id}/Timeline`)
    ).json as {
      records: { id: string; parentId?: string; type: string; state: string }[];
    };
    const checkpoint = timeline.records.find(
      (record) => record.type === "Checkpoint" && record.state === "inProgress",
    );
    expect(checkpoint).toBeDefined();
    const approvalRecord = timeline.records.find(
      (record) => record.type === "Checkpoint.Approval" && record.parentId === checkpoint!.id,
    );
    expect(approvalRecord?.state).toBe("inProgress");
    expect(timeline.records.some((record) => record.type === "Checkpoint.TaskCheck")).toBe(true);

    const suite = (
      await call(
        emulator,
        `${project}/_apis/pipelines/checks/runs/${checkpoint!.id}?$expand=resources`,
      )
    ).json as {
      status: string;
      checkRuns: { id: string }[];
      context: { Pipeline: { Owner: { Id: number } } };
    };
    expect(suite.status).toBe("running");
    expect(suite.context.Pipeline.Owner.Id).toBe(running[0].id);
    expect(suite.checkRuns.map((run) => run.id)).toContain(approvalRecord!.id);

    const approvals = values(
      await call(
        emulator,
        `${project}/_apis/pipelines/approvals?approvalIds=${approvalRecord!.id}&$expand=steps`,
      ),
    );
    expect(approvals).toEqual([
      expect.objectContaining({
        id: approvalRecord!.id,
        status: "pending",
        executionOrder: "inSequence",
      }),
    ]);
    expect((approvals[0].pipeline as { owner: { id: number } }).owner.id).toBe(running[0].id);
  });

  it("finds the deployments and Classic releases of a build", async () => {
    const records = values(
      await call(
        emulator,
        `${project}/_apis/distributedtask/environments/4/environmentdeploymentrecords`,
      ),
    );
    const build = (
      await call(
        emulator,
        `${project}/_apis/build/builds/${records[0].owner && (records[0].owner as { id: number }).id}`,
      )
    ).json as {
      sourceVersion: string;
      definition: { id: number };
    };
    expect(build.sourceVersion).toMatch(/^[0-9a-f]{40}$/);

    const releases = values(
      await call(emulator, `${project}/_apis/release/releases?$expand=artifacts`),
    );
    const artifact = (
      releases[0].artifacts as {
        sourceId: string;
        definitionReference: { version: { id: string } };
      }[]
    )[0];
    const [projectId, definitionId] = artifact.sourceId.split(":");
    const found = values(
      await call(
        emulator,
        `${project}/_apis/release/releases?artifactTypeId=Build&sourceId=${projectId}:${definitionId}&artifactVersionId=${artifact.definitionReference.version.id}&$expand=environments`,
      ),
    );
    expect(found.map((release) => release.id)).toContain(releases[0].id);
    expect(Array.isArray(found[0].environments)).toBe(true);
    const ext = await call(emulator, `${project}/_apis/release/releases/${releases[0].id}`, {
      accept: EXTENSION_ACCEPT,
    });
    const environments = (
      ext.json as { environments: { status: number; deploySteps: { operationStatus: number }[] }[] }
    ).environments;
    expect(typeof environments[0].status).toBe("number");
  });
});
