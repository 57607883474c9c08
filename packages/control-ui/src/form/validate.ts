import { Validator } from "@cfworker/json-schema";
import { type JsonSchema, REDACTED } from "./schema.js";
import { getAt } from "./values.js";

/** One client-side validation problem: a dotted path relative to the validated value, and a message. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Keywords that only report that a child failed; the child's own error says what is wrong. */
const WRAPPERS = new Set([
  "properties",
  "items",
  "additionalProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "$ref",
  "prefixItems",
  "patternProperties",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "not",
  "propertyNames",
]);

function friendly(keyword: string, error: string, schemaAt: JsonSchema | undefined): string {
  if (keyword === "pattern" && typeof schemaAt?.pattern === "string") return `must match ${schemaAt.pattern}`;
  if (keyword === "minimum") return `must be at least ${String(schemaAt?.minimum)}`;
  if (keyword === "maximum") return `must be at most ${String(schemaAt?.maximum)}`;
  if (keyword === "required") return "is required";
  if (keyword === "minLength") return "must not be empty";
  if (keyword === "type")
    return `must be ${Array.isArray(schemaAt?.type) ? (schemaAt.type as string[]).join(" or ") : String(schemaAt?.type)}`;
  if (keyword === "enum") return "must be one of the listed values";
  if (keyword === "format") return `must be a valid ${String(schemaAt?.format)}`;
  if (keyword === "false") return "is not a setting this schema allows";
  return error.replace(/^Instance (does not|has)/, (m) => (m === "Instance has" ? "has" : "does not"));
}

const cache = new WeakMap<JsonSchema, Validator>();

/**
 * Validates `value` with the same JSON Schema the gateway validates with (draft-07, all errors, via
 * `@cfworker/json-schema`, which needs no `eval` so the page's CSP can forbid it). Reports leaf
 * problems by dotted path; problems at a value still equal to the redaction marker are skipped (the
 * real secret is on the server).
 */
export function validateValue(schema: JsonSchema, value: unknown): FieldIssue[] {
  let validator = cache.get(schema);
  if (!validator) {
    validator = new Validator(schema as never, "7", false);
    cache.set(schema, validator);
  }
  const result = validator.validate(value);
  if (result.valid) return [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const error of result.errors) {
    if (WRAPPERS.has(error.keyword)) continue;
    const segments = error.instanceLocation
      .replace(/^#\/?/, "")
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));
    if (getAt(value, segments) === REDACTED) continue;
    const schemaAt = schemaAtLocation(schema, error.keywordLocation);
    // `required` is reported on the object; the message belongs beside the missing field.
    const missing = error.keyword === "required" ? /"([^"]+)"/.exec(error.error)?.[1] : undefined;
    if (missing) segments.push(missing);
    const path = segments.join(".");
    const message = friendly(error.keyword, error.error, schemaAt);
    if (seen.has(`${path}\n${message}`)) continue;
    seen.add(`${path}\n${message}`);
    issues.push({ path, message });
  }
  return issues;
}

/** The schema node that holds the failing keyword (`#/properties/a/pattern` → the `a` node). */
function schemaAtLocation(schema: JsonSchema, keywordLocation: string): JsonSchema | undefined {
  const parts = keywordLocation.replace(/^#\/?/, "").split("/").slice(0, -1);
  return getAt(
    schema,
    parts.map((p) => decodeURIComponent(p)),
  ) as JsonSchema | undefined;
}
