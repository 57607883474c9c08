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

/** Most property values the view walks; past it the JSON is partial and `truncated` is set. */
const MAX_VIEW_VALUES = 10_000;
/** Deepest nesting shown; deeper objects show as `"[…]"`. */
const MAX_VIEW_DEPTH = 20;

interface Walk {
  redacted: string[];
  /** Property values left to visit. */
  budget: number;
  /** True once something was left out (budget spent, nesting too deep). */
  cut: boolean;
  /** Objects already shown: a second reference shows as `"[repeated]"`. */
  seen: WeakSet<object>;
}

function redact(value: unknown, path: string, walk: Walk, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_VIEW_DEPTH) {
    walk.cut = true;
    return "[…]";
  }
  if (walk.seen.has(value)) return "[repeated]";
  walk.seen.add(value);
  const isArray = Array.isArray(value);
  const copy: Record<string, unknown> = isArray ? ([] as unknown as Record<string, unknown>) : {};
  for (const [key, item] of Object.entries(value)) {
    if (--walk.budget < 0) {
      walk.cut = true;
      break;
    }
    const at = isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const secret = !isArray && SECRET_KEY.test(key) && item !== null && item !== undefined && item !== "";
    if (secret) walk.redacted.push(at);
    // An own property even for "__proto__" (plain assignment would set the copy's prototype and hide
    // the key, and what it holds, from the operator).
    Object.defineProperty(copy, key, {
      value: secret ? "[redacted]" : redact(item, at, walk, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * The operator's view of `params`: values under secret-looking keys (password, token, apiKey,
 * authorization, cookie, secret…) redacted, the JSON cut at {@link PARAMS_VIEW_MAX_CHARS} characters;
 * at most 10 000 property values and 20 levels are walked and an object referenced twice shows once
 * (then `"[repeated]"`), so params a plugin built from shared references cannot expand exponentially;
 * a cut view has `truncated: true`. A `__proto__` key shows like any other key.
 * Params that cannot be serialised show as a placeholder instead of failing the request.
 */
export function paramsView(params: Record<string, unknown>): ParamsView {
  const walk: Walk = { redacted: [], budget: MAX_VIEW_VALUES, cut: false, seen: new WeakSet() };
  const { redacted } = walk;
  let json: string;
  try {
    json = JSON.stringify(redact(params, "", walk, 0)) ?? "{}";
  } catch {
    json = '"[params not serialisable]"';
  }
  const truncated = json.length > PARAMS_VIEW_MAX_CHARS || walk.cut;
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
