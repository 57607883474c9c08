/** A JSON Schema node as served by `config.schema` (draft-07 plus `x-ui` / `x-uiHints` annotations). */
export type JsonSchema = Record<string, unknown>;

/**
 * A UI hint from a plugin manifest's `uiHints` (seed 002 "Control UI"): how to label, explain and
 * group one config field.
 */
export interface UiHint {
  label?: string;
  help?: string;
  placeholder?: string;
  /** Secret: shown masked and sent back only when edited. */
  sensitive?: boolean;
  /** Shown collapsed under "Advanced". */
  advanced?: boolean;
  /** Sort key among siblings (default 50; ties keep the schema's property order). */
  order?: number;
  group?: string;
}

/** Marker `config.get` puts in place of every secret value (CONTRACTS.md). */
export const REDACTED = "__OPENCLAW_REDACTED__";

/** A config path as segments: `["plugins", "entries", "voice-call", "config", "fromNumber"]`. */
export type ConfigPath = readonly string[];

/** The dotted form of a path (`plugins.entries.voice-call.config.fromNumber`). */
export function dotted(path: ConfigPath): string {
  return path.join(".");
}

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `properties` of an object schema (empty when it has none). */
export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return isRecord(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
}
