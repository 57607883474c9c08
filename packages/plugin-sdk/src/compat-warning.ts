const WARNED = Symbol.for("openclaw.plugin-sdk.compat-warned");

/** Emits the compat deprecation warning at most once per process. */
export function warnCompatDeprecated(): void {
  const env = process.env;
  if (env.VITEST || env.NODE_ENV === "test" || env.OPENCLAW_SUPPRESS_PLUGIN_SDK_COMPAT_WARNING === "1")
    return;
  const state = globalThis as Record<symbol, unknown>;
  if (state[WARNED]) return;
  state[WARNED] = true;
  process.emitWarning("openclaw/plugin-sdk/compat is deprecated; import openclaw/plugin-sdk/core instead.", {
    type: "DeprecationWarning",
    code: "OPENCLAW_PLUGIN_SDK_COMPAT_DEPRECATED",
  });
}
