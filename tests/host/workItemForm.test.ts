/**
 * The form group takes the open work item from the form (it holds it already) instead of one
 * more REST call, and asks the service whenever the form's copy is not what a read would answer.
 */
const form = {
  id: 12,
  isNew: false,
  isDirty: false,
  fail: false,
  asked: [] as string[],
};

jest.mock("azure-devops-extension-sdk", () => ({
  getService: async (id: string) => {
    if (id !== "ms.vss-work-web.work-item-form") throw new Error(`no service ${id}`);
    const answer =
      <T>(name: string, value: () => T) =>
      async () => {
        form.asked.push(name);
        if (form.fail) throw new Error("the form went away");
        return value();
      };
    return {
      getId: answer("getId", () => form.id),
      isNew: answer("isNew", () => form.isNew),
      isDirty: answer("isDirty", () => form.isDirty),
      getRevision: answer("getRevision", () => 7),
      getFieldValues: async (names: string[], options?: { returnOriginalValue?: boolean }) => {
        form.asked.push(`getFieldValues:${String(options?.returnOriginalValue)}`);
        const values: Record<string, unknown> = {
          "System.Title": "Feature flags for checkout",
          "System.WorkItemType": "User Story",
          "System.State": "Active",
          "System.TeamProject": "Fabrikam",
        };
        return Object.fromEntries(names.map((name) => [name, values[name]]));
      },
      getWorkItemRelations: answer("getWorkItemRelations", () => [
        {
          rel: "ArtifactLink",
          url: "vstfs:///Build/Build/19312",
          attributes: { name: "Integrated in build" },
        },
      ]),
    };
  },
}));

import type { WorkItem } from "../../src/core/model";
import type { WorkItemSource } from "../../src/core/sources";
import { withFormWorkItem } from "../../src/host/workItemForm";

function serviceSource(): WorkItemSource & { reads: number[][] } {
  const reads: number[][] = [];
  return {
    reads,
    async getWorkItems(_project: string, ids: number[]): Promise<WorkItem[]> {
      reads.push(ids);
      return ids.map((id) => ({
        id,
        rev: 1,
        type: "Bug",
        title: `read ${id}`,
        state: "New",
        relations: [],
      }));
    },
    listWorkItemIds: async () => [],
  };
}

beforeEach(() => {
  Object.assign(form, { id: 12, isNew: false, isDirty: false, fail: false, asked: [] });
});

test("the open, saved work item comes from the form, links and all, with no REST call", async () => {
  const service = serviceSource();
  const [item] = await withFormWorkItem(() => service).getWorkItems("Fabrikam", [12]);
  expect(service.reads).toEqual([]);
  expect(item).toMatchObject({
    id: 12,
    rev: 7,
    title: "Feature flags for checkout",
    type: "User Story",
    state: "Active",
    projectName: "Fabrikam",
  });
  expect(item.relations).toHaveLength(1);
  expect(item.relations[0].artifact).toMatchObject({ kind: "build", buildId: 19312 });
  // The saved values, never what the user is typing.
  expect(form.asked).toContain("getFieldValues:true");
});

test.each([
  ["with unsaved changes", () => (form.isDirty = true)],
  ["when it is new", () => (form.isNew = true)],
  ["when the form shows another work item", () => (form.id = 13)],
  ["when the form cannot answer", () => (form.fail = true)],
])("the service is asked %s", async (_case, arrange) => {
  arrange();
  const service = serviceSource();
  const [item] = await withFormWorkItem(() => service).getWorkItems("Fabrikam", [12]);
  expect(service.reads).toEqual([[12]]);
  expect(item.title).toBe("read 12");
});

test("a read of several work items goes to the service", async () => {
  const service = serviceSource();
  await withFormWorkItem(() => service).getWorkItems("Fabrikam", [12, 14]);
  expect(service.reads).toEqual([[12, 14]]);
  expect(form.asked).toEqual([]);
});

test("a form copy of the wrong shape is not used: the service is asked", async () => {
  const service = serviceSource();
  const source = withFormWorkItem(
    () => service,
    async () => ({ id: 12, fields: "no" }),
  );
  const [item] = await source.getWorkItems("Fabrikam", [12]);
  expect(service.reads).toEqual([[12]]);
  expect(item.title).toBe("read 12");
});
