/** A plugin config schema: a JSON Schema object (validated with ajv by the host). */
export type PluginConfigJsonSchema = Record<string, unknown>;

/** Result of {@link PluginConfigSchema.safeParse}. */
export type PluginConfigParseResult =
  | { success: true; data: Record<string, unknown> }
  | { success: false; error: { issues: Array<{ path: string[]; message: string }> } };

/** A config schema as a module may export it: JSON Schema plus an optional runtime parser. */
export interface PluginConfigSchema {
  jsonSchema: PluginConfigJsonSchema;
  safeParse(value: unknown): PluginConfigParseResult;
}

/**
 * The schema of a plugin that takes no config: accepts `undefined` and `{}`, refuses anything else.
 * Its `jsonSchema` is `{ type: "object", additionalProperties: false, properties: {} }`.
 */
export function emptyPluginConfigSchema(): PluginConfigSchema {
  return {
    jsonSchema: { type: "object", additionalProperties: false, properties: {} },
    safeParse(value: unknown): PluginConfigParseResult {
      if (value === undefined) return { success: true, data: {} };
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return { success: false, error: { issues: [{ path: [], message: "expected config object" }] } };
      }
      if (Object.keys(value).length > 0) {
        return { success: false, error: { issues: [{ path: [], message: "config must be empty" }] } };
      }
      return { success: true, data: {} };
    },
  };
}
