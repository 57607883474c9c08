import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * The OpenClaw host version plugins are checked against: the version of `@openclaw/plugin-sdk`, which
 * is released in lockstep with `openclaw` (a changesets `fixed` group).
 */
export const HOST_VERSION: string = (
  JSON.parse(readFileSync(require.resolve("@openclaw/plugin-sdk/package.json"), "utf8")) as {
    version: string;
  }
).version;
