import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/** One validation problem: a dotted path (`<root>` for the whole value) and a message. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** Result of {@link validateWithSchema}: the value with schema defaults applied, or the issues. */
export type SchemaValidationResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; issues: SchemaIssue[] };

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, removeAdditional: false });
ajv.addFormat("uri", { type: "string", validate: (value: string) => URL.canParse(value) });
const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Compiles `schema` once to check it is a usable JSON Schema; returns the compile error message, if any.
 */
export function schemaProblem(schema: Record<string, unknown>): string | undefined {
  try {
    compile(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
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
