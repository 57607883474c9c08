import { createRequire } from "node:module";
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from "ajv";

const require = createRequire(import.meta.url);

/** One validation problem: a dotted path (`<root>` for the whole value) and a message. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** Result of {@link validateWithSchema}: the value with schema defaults applied, or the issues. */
export type SchemaValidationResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; issues: SchemaIssue[] };

let ajv: AjvInstance | undefined;

/** The shared ajv instance, created on first use (ajv is not loaded by commands that never validate). */
function getAjv(): AjvInstance {
  if (!ajv) {
    const { Ajv } = require("ajv") as typeof import("ajv");
    ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, removeAdditional: false });
    ajv.addFormat("uri", { type: "string", validate: (value: string) => URL.canParse(value) });
  }
  return ajv;
}

const byObject = new WeakMap<object, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();

/** Compiles a schema once per object and once per distinct schema text (at most 512 kept). */
function compile(schema: Record<string, unknown>): ValidateFunction {
  let validate = byObject.get(schema);
  if (validate) return validate;
  const text = JSON.stringify(schema);
  validate = byText.get(text);
  if (!validate) {
    validate = getAjv().compile(schema);
    byText.set(text, validate);
    if (byText.size > 512) byText.delete(byText.keys().next().value as string);
  }
  byObject.set(schema, validate);
  return validate;
}

/**
 * Checks `schema` against the JSON Schema meta-schema (no code generation); returns the problem, if
 * any. A schema that passes can still fail to compile (an unresolvable `$ref`); that surfaces when a
 * config is validated against it.
 */
export function schemaProblem(schema: Record<string, unknown>): string | undefined {
  if (isPlainSchema(schema, 0)) return undefined;
  const instance = getAjv();
  try {
    if (instance.validateSchema(schema)) return undefined;
    return instance.errorsText(instance.errors, { dataVar: "schema" });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const SIMPLE_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const NUMBER_KEYWORDS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "multipleOf",
];
const TEXT_KEYWORDS = ["title", "description", "format", "$schema", "$id", "$comment"];

function isSchemaMap(value: unknown, depth: number): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((child) => isPlainSchema(child, depth + 1))
  );
}

/**
 * True when `schema` uses only common keywords with well-formed values (types, properties, items,
 * required, enum, const, defaults, bounds, valid `pattern`s…), which the JSON Schema meta-schema
 * certainly accepts. Lets `plugins list` skip loading ajv for the schemas real plugins ship; anything
 * else is checked by ajv.
 */
function isPlainSchema(schema: unknown, depth: number): boolean {
  if (typeof schema === "boolean") return true;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema) || depth > 8) return false;
  for (const [key, value] of Object.entries(schema)) {
    if (key === "type") {
      const types = Array.isArray(value) ? value : [value];
      if (types.length === 0 || !types.every((t) => typeof t === "string" && SIMPLE_TYPES.has(t)))
        return false;
    } else if (key === "properties" || key === "patternProperties") {
      if (!isSchemaMap(value, depth)) return false;
    } else if (key === "additionalProperties" || key === "items") {
      if (!isPlainSchema(value, depth + 1)) return false;
    } else if (key === "required") {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return false;
    } else if (key === "enum" || key === "examples") {
      if (!Array.isArray(value)) return false;
    } else if (key === "default" || key === "const") {
      // any JSON value
    } else if (NUMBER_KEYWORDS.includes(key)) {
      if (typeof value !== "number" || !Number.isFinite(value)) return false;
    } else if (TEXT_KEYWORDS.includes(key)) {
      if (typeof value !== "string") return false;
    } else if (key === "pattern") {
      if (typeof value !== "string") return false;
      try {
        new RegExp(value, "u");
      } catch {
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

const NEUTRAL_KEYS = new Set([
  "type",
  "properties",
  "additionalProperties",
  "title",
  "description",
  "$schema",
  "$id",
  "$comment",
  "examples",
  "default",
]);

/**
 * True when `{}` is certainly valid against `schema` without running a validator: an object schema
 * with only neutral keywords (no `required`, `minProperties`, combinators or references).
 */
export function acceptsEmptyObject(schema: Record<string, unknown>): boolean {
  if (schema.type !== undefined && schema.type !== "object") return false;
  for (const key of Object.keys(schema)) if (!NEUTRAL_KEYS.has(key)) return false;
  return true;
}

function issueFromAjv(error: ErrorObject): SchemaIssue {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required" && typeof params.missingProperty === "string")
    segments.push(params.missingProperty);
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    segments.push(params.additionalProperty);
  }
  let message = error.message ?? "invalid";
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    message += ` (allowed: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")})`;
  }
  return { path: segments.length === 0 ? "<root>" : segments.join("."), message };
}

/**
 * Validates `value` against a JSON Schema with ajv (all errors, defaults applied to a clone; the input
 * is never mutated). Compiled validators are cached per schema object.
 */
export function validateWithSchema(schema: Record<string, unknown>, value: unknown): SchemaValidationResult {
  let validate: ValidateFunction;
  try {
    validate = compile(schema);
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: "<schema>", message: `invalid JSON Schema: ${(error as Error).message}` }],
    };
  }
  const copy = structuredClone(value ?? {});
  if (validate(copy)) return { ok: true, value: copy as Record<string, unknown> };
  const issues = (validate.errors ?? []).map(issueFromAjv);
  return { ok: false, issues: issues.length > 0 ? issues : [{ path: "<root>", message: "invalid config" }] };
}

/** Formats issues as `path: message; …`. */
export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join("; ");
}
