import { isRecord, type JsonSchema, propertiesOf } from "./schema.js";

/** How the form edits one schema node. */
export type FieldKind =
  | { kind: "object" }
  | { kind: "string"; format?: string }
  | { kind: "number"; integer: boolean }
  | { kind: "boolean" }
  | { kind: "enum"; options: Array<string | number | boolean> }
  | { kind: "list"; item: FieldKind; itemSchema: JsonSchema }
  | { kind: "map"; valueSchema: JsonSchema }
  | { kind: "raw"; reason: string };

const SCALARS = new Set(["string", "number", "integer", "boolean"]);

/** The node's type with `"null"` dropped from a `[T, "null"]` union; `undefined` when several remain. */
function singleType(schema: JsonSchema): string | undefined {
  const { type } = schema;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) {
    const rest = type.filter((t) => t !== "null");
    return rest.length === 1 ? (rest[0] as string) : undefined;
  }
  if (isRecord(schema.properties)) return "object";
  return undefined;
}

/** Literal options of an `enum`, a `const`, or an `anyOf`/`oneOf` made only of `const`s. */
function literals(schema: JsonSchema): Array<string | number | boolean> | undefined {
  const ok = (v: unknown): v is string | number | boolean =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  if (Array.isArray(schema.enum)) return schema.enum.every(ok) ? schema.enum : undefined;
  if (ok(schema.const)) return [schema.const];
  const union = (schema.anyOf ?? schema.oneOf) as unknown;
  if (!Array.isArray(union)) return undefined;
  const values: Array<string | number | boolean> = [];
  for (const branch of union) {
    if (!isRecord(branch)) return undefined;
    if (branch.type === "null") continue;
    if (!ok(branch.const)) return undefined;
    values.push(branch.const);
  }
  return values;
}

/**
 * Decides how to edit a schema node, as the upstream Control UI's `analyzeConfigSchema` does:
 * enums and literal unions become selects, scalars inputs, objects with `properties` fieldsets,
 * arrays of scalars or objects add/remove lists, string maps key/value rows. Everything else (`allOf`,
 * non-literal unions, `additionalProperties: true` with no properties, arrays without `items`,
 * unknown types) is `raw`: edited as JSON, and still validated with the schema.
 */
export function analyze(schema: JsonSchema): FieldKind {
  const options = literals(schema);
  if (options) return { kind: "enum", options };
  if (schema.allOf !== undefined) return { kind: "raw", reason: "allOf" };
  if (schema.anyOf !== undefined || schema.oneOf !== undefined) return { kind: "raw", reason: "union" };
  const type = singleType(schema);
  if (type === "string")
    return typeof schema.format === "string" ? { kind: "string", format: schema.format } : { kind: "string" };
  if (type === "number" || type === "integer") return { kind: "number", integer: type === "integer" };
  if (type === "boolean") return { kind: "boolean" };
  if (type === "array") {
    if (!isRecord(schema.items)) return { kind: "raw", reason: "array without items" };
    const item = analyze(schema.items);
    if (item.kind === "raw" || item.kind === "list" || item.kind === "map")
      return { kind: "raw", reason: `array of ${item.kind}` };
    return { kind: "list", item, itemSchema: schema.items };
  }
  if (type === "object") {
    // `properties: {}` with `additionalProperties: false` is a plugin without settings: an empty group.
    if (
      Object.keys(propertiesOf(schema)).length > 0 ||
      (isRecord(schema.properties) && schema.additionalProperties === false)
    )
      return { kind: "object" };
    const extra = schema.additionalProperties;
    if (isRecord(extra) && SCALARS.has(String(singleType(extra))) && !literals(extra))
      return { kind: "map", valueSchema: extra };
    return { kind: "raw", reason: "object without properties" };
  }
  return { kind: "raw", reason: type === undefined ? "no type" : `type ${type}` };
}
