import { gapDefinitions } from "../../trace/gaps/definitions";
import { complianceRules } from "../rules";

/** The published JSON Schema of a baseline file, derived from the rule registry. */
export function baselineJsonSchema(): object {
  const rules: Record<string, object> = {};
  for (const [id, rule] of complianceRules) {
    rules[id] = {
      type: ["object", "null"],
      description: `${rule.metadata.title}. ${rule.metadata.rationale}`,
      additionalProperties: false,
      properties: { severity: { enum: ["high", "medium", "low"] }, ...rule.paramSchema },
    };
  }
  const gaps: Record<string, object> = {};
  for (const [id, rule] of gapDefinitions) {
    gaps[id] = {
      description: `${rule.metadata.title}. ${rule.metadata.rationale} false switches it off.`,
      anyOf: [
        { type: "boolean" },
        {
          type: ["object", "null"],
          additionalProperties: false,
          properties: {
            enabled: { type: "boolean" },
            severity: { enum: ["high", "medium", "low"] },
            ...rule.paramSchema,
          },
        },
      ],
    };
  }
  const gapIds = [...gapDefinitions.keys()];
  const gapSelectors = ["target", "repository", "pipeline", "workItem", "pullRequest"];
  const targetRules = [...complianceRules.values()]
    .filter((rule) => rule.kind === "environment" || rule.kind === "release-stage")
    .map((rule) => rule.metadata.id);
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://release-trace.dev/schemas/baseline.schema.json",
    title: "Release Trace compliance baseline",
    type: "object",
    additionalProperties: false,
    required: ["rules"],
    properties: {
      $schema: { type: "string" },
      name: { type: "string" },
      branches: {
        type: "array",
        minItems: 1,
        items: { type: "string", pattern: "^(default|refs/.+)$" },
        description:
          '"default" (each repository\'s default branch) and/or ref patterns such as refs/heads/release/*',
      },
      rules: { type: "object", minProperties: 1, additionalProperties: false, properties: rules },
      gaps: {
        type: "object",
        additionalProperties: false,
        description: "Trace gap rules: each is on unless switched off here.",
        properties: gaps,
      },
      exceptions: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["rule", "justification", "expires"],
          properties: {
            rule: { enum: [...complianceRules.keys(), ...gapIds] },
            repository: { type: "string", minLength: 1 },
            target: {
              type: "string",
              minLength: 1,
              description:
                "Environment name (prod-eu) or Classic stage (web-app-release / Production), for environment and release rules",
            },
            branch: { type: "string", pattern: "^refs/" },
            pipeline: { type: "string", minLength: 1, description: "Gap rules: a pipeline name" },
            workItem: { type: "integer", minimum: 1, description: "Gap rules: a work item id" },
            pullRequest: {
              type: "integer",
              minimum: 1,
              description: "Gap rules: a pull request id",
            },
            justification: { type: "string", minLength: 1 },
            expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}" },
          },
          // Gap rules name at least one selector; environment and Classic rules a target; branch
          // and repository rules a repository.
          if: { properties: { rule: { enum: gapIds } } },
          then: {
            anyOf: gapSelectors.map((key) => ({ required: [key] })),
            not: { required: ["branch"] },
          },
          else: {
            not: {
              anyOf: ["pipeline", "workItem", "pullRequest"].map((key) => ({ required: [key] })),
            },
            if: { properties: { rule: { enum: targetRules } } },
            then: {
              required: ["target"],
              not: { anyOf: [{ required: ["repository"] }, { required: ["branch"] }] },
            },
            else: { required: ["repository"], not: { required: ["target"] } },
          },
        },
      },
    },
  };
}
