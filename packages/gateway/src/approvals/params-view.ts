/** Largest params view shown to operators, in characters of JSON. */
export const PARAMS_VIEW_MAX_CHARS = 4096;

/** Keys whose values are never shown to an operator (the tool still gets them). */
const SECRET_KEY =
  /pass(word|phrase)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key/i;

/** What an operator sees of the params a tool would run with. */
export interface ParamsView {
  /** The params as JSON, secret-looking values replaced by `"[redacted]"`, cut at {@link PARAMS_VIEW_MAX_CHARS}. */
  json: string;
  /** True when `json` was cut. */
  truncated: boolean;
  /** Dotted paths whose values were redacted. */
  redacted: string[];
}

function redact(value: unknown, path: string, out: string[], depth: number): unknown {
  if (depth > 20 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item, i) => redact(item, `${path}[${i}]`, out, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (SECRET_KEY.test(key) && item !== null && item !== undefined && item !== "") {
      out.push(at);
      copy[key] = "[redacted]";
    } else copy[key] = redact(item, at, out, depth + 1);
  }
  return copy;
}

/**
 * The operator's view of `params`: values under secret-looking keys (password, token, apiKey,
 * authorization, cookie, secret…) redacted, the JSON cut at {@link PARAMS_VIEW_MAX_CHARS} characters.
 * Params that cannot be serialised show as a placeholder instead of failing the request.
 */
export function paramsView(params: Record<string, unknown>): ParamsView {
  const redacted: string[] = [];
  let json: string;
  try {
    json = JSON.stringify(redact(params, "", redacted, 0)) ?? "{}";
  } catch {
    json = '"[params not serialisable]"';
  }
  const truncated = json.length > PARAMS_VIEW_MAX_CHARS;
  return { json: truncated ? `${json.slice(0, PARAMS_VIEW_MAX_CHARS)}…` : json, truncated, redacted };
}

/**
 * A private copy of the params the tool will run with once approved, so nothing (a plugin holding a
 * reference, a later hook) can change what the operator approved. Values `structuredClone` cannot
 * copy (functions) keep the original object.
 */
export function snapshotParams(params: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(params);
  } catch {
    return params;
  }
}
