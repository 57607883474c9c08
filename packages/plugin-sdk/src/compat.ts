/**
 * `@openclaw/plugin-sdk/compat`: the broad legacy barrel for older plugins.
 *
 * Importing it emits a `DeprecationWarning` with code `OPENCLAW_PLUGIN_SDK_COMPAT_DEPRECATED` once per
 * process, except under tests (`VITEST`, `NODE_ENV=test`) or with
 * `OPENCLAW_SUPPRESS_PLUGIN_SDK_COMPAT_WARNING=1`.
 *
 * @deprecated Import `openclaw/plugin-sdk/core` or a channel subpath instead.
 * @packageDocumentation
 */
import { warnCompatDeprecated } from "./compat-warning.js";

warnCompatDeprecated();

export * from "./channel-entry.js";
export * from "./core.js";
export * from "./voice.js";
