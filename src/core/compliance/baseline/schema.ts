import { branchRules } from "../rules";

/** The published JSON Schema of a baseline file, derived from the rule registry. */
export function baselineJsonSchema(): object {
  const rules: Record<string, object> = {};
  for (const [id, rule] of branchRules) {
    rules[id] = {
      type: ["object", "null"],
      description: `${rule.metadata.title}. ${rule.metadata.rationale}`,
      additionalProperties: false,
      properties: { severity: { enum: ["high", "medium", "low"] }, ...rule.paramSchema },
    };
  }
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
      exceptions: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["rule", "repository", "justification", "expires"],
          properties: {
            rule: { enum: [...branchRules.keys()] },
            repository: { type: "string", minLength: 1 },
            branch: { type: "string", pattern: "^refs/" },
            justification: { type: "string", minLength: 1 },
            expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}" },
          },
        },
      },
    },
  };
}
