import { OpenClawError } from "@openclaw/plugin-sdk/core";

/**
 * Reads a required non-empty string parameter.
 * @throws {@link OpenClawError} `GATEWAY_BAD_REQUEST` naming the parameter.
 */
export function requireString(params: Record<string, unknown>, key: string): string {
  const value = params[key];
  if (typeof value !== "string" || value.trim() === "") {
    throw new OpenClawError("GATEWAY_BAD_REQUEST", `params.${key} is required (a non-empty string)`);
  }
  return value.trim();
}

/** Reads an optional string parameter. */
export function optionalString(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Reads an optional object parameter (default `{}`). */
export function optionalObject(params: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = params[key];
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new OpenClawError("GATEWAY_BAD_REQUEST", `params.${key} must be an object`);
  }
  return value as Record<string, unknown>;
}
