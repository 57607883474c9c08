import {
  type ConfigPatchRequest,
  patchConfig,
  readConfigSnapshot,
  resolveConfigPath,
} from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { CoreMethodContext, MethodTable } from "./context.js";

function badRequest(message: string): OpenClawError {
  return new OpenClawError("GATEWAY_BAD_REQUEST", message, {
    hint: 'config.patch takes { baseHash: string, set?: [{ path: "a.b", value }], unset?: ["a.b"] }.',
  });
}

/**
 * Reads `config.patch` params.
 * @throws {@link OpenClawError} `GATEWAY_BAD_REQUEST` naming the malformed part.
 */
export function readPatchParams(params: Record<string, unknown>): ConfigPatchRequest & { baseHash: string } {
  const { baseHash, set, unset } = params;
  if (typeof baseHash !== "string") {
    throw badRequest('params.baseHash is required: the hash from config.get ("" when there was no file)');
  }
  if (set !== undefined && !Array.isArray(set)) throw badRequest("params.set must be an array");
  if (unset !== undefined && !Array.isArray(unset)) throw badRequest("params.unset must be an array");
  const sets = (set ?? []).map((item: unknown, i) => {
    const entry = item as { path?: unknown; value?: unknown } | null;
    if (typeof entry !== "object" || entry === null || typeof entry.path !== "string") {
      throw badRequest(`params.set[${i}] must be { path: string, value }`);
    }
    if (!("value" in entry))
      throw badRequest(`params.set[${i}].value is missing (use unset to remove a key)`);
    return { path: entry.path, value: entry.value };
  });
  const unsets = (unset ?? []).map((path: unknown, i) => {
    if (typeof path !== "string") throw badRequest(`params.unset[${i}] must be a string`);
    return path;
  });
  return { baseHash, set: sets, unset: unsets };
}

/**
 * `config.get` and `config.patch` (contract: CONTRACTS.md "Config file writes").
 * - `config.get` -> `{ path, exists, hash, config }`, secrets replaced by `"__OPENCLAW_REDACTED__"`.
 * - `config.patch` `{ baseHash, set?, unset? }` -> `{ hash, config, reloaded }`: written under the
 *   config lock keeping comments, validated first (`CONFIG_INVALID` with `details.issues`), refused
 *   with `CONFIG_CONFLICT` when the file's hash is not `baseHash`; every plugin whose entry or
 *   channel config changed is then reloaded, and `reloaded` lists those that reloaded.
 */
export function addConfigMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const fileContext = () => ({
    configPath: resolveConfigPath(ctx.env ?? process.env),
    ...(ctx.env ? { env: ctx.env } : {}),
    ...(ctx.workspaceDir ? { workspaceDir: ctx.workspaceDir } : {}),
  });
  methods.set("config.get", async ({ respond }) => {
    respond(true, await readConfigSnapshot(fileContext(), ctx.controlPlane()));
  });
  methods.set("config.patch", async ({ params, respond }) => {
    const result = await patchConfig(fileContext(), readPatchParams(params));
    const reloaded: string[] = [];
    for (const id of result.touchedPluginIds) {
      try {
        await ctx.reloadPlugin(id);
        reloaded.push(id);
      } catch {
        // The write stands; an unknown id has nothing to reload, and a failed reload is on the
        // plugin's record (plugins.status).
      }
    }
    respond(true, { hash: result.hash, config: result.config, reloaded });
  });
}
