import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger } from "@openclaw/plugin-loader";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";
import {
  type GatewayHandle,
  readGatewayToken,
  type StartGatewayOptions,
  startGateway,
} from "../../src/index.js";

/** A plugin whose methods and routes answer with what JSON cannot encode, or throw. */
export const HOSTILE_PLUGIN = `
import { OpenClawError } from "openclaw/plugin-sdk/core";
export default (api: any) => {
  api.registerGatewayMethod("hostile.bigint", ({ respond }: any) => respond(true, { n: 10n }));
  api.registerGatewayMethod("hostile.circular", ({ respond }: any) => { const o: any = { a: 1 }; o.self = o; respond(true, o); });
  api.registerGatewayMethod("hostile.circularError", () => { const d: any = {}; d.d = d; throw new OpenClawError("GATEWAY_METHOD_FAILED", "x", { details: d }); });
  api.registerGatewayMethod("hostile.ok", ({ respond }: any) => respond(true, "fine"));
  api.registerHttpRoute({ path: "/hostile/throw", auth: "plugin", handler: () => { throw new Error("route crash with /secret/path"); } });
};`;

/** A gateway in a fresh state dir with {@link HOSTILE_PLUGIN} installed. */
export interface TestGateway {
  gateway: GatewayHandle;
  token: string;
  root: string;
  stateDir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts a gateway on a random loopback port with the hostile plugin and the given `gateway` config. */
export async function startTestGateway(
  gatewayConfig: OpenClawConfig["gateway"] = {},
  options: Partial<StartGatewayOptions> = {},
): Promise<TestGateway> {
  const root = mkdtempSync(join(tmpdir(), "openclaw-hostile-"));
  const stateDir = join(root, "state");
  const dir = join(stateDir, "extensions", "hostile");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "openclaw.plugin.json"), JSON.stringify({ id: "hostile", configSchema: {} }));
  writeFileSync(join(dir, "index.ts"), HOSTILE_PLUGIN);
  writeFileSync(
    join(stateDir, "openclaw.json"),
    JSON.stringify({ gateway: gatewayConfig, plugins: { installs: { hostile: { source: "path" } } } }),
  );
  const env = { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_BUNDLED_PLUGINS_DIR: "", HOME: root };
  const gateway = await startGateway({
    version: "0.0.0-test",
    port: 0,
    env,
    logger: createHostLogger({ level: "silent" }),
    ...options,
  });
  const token = (await readGatewayToken(stateDir)) as string;
  return {
    gateway,
    token,
    root,
    stateDir,
    env,
    async close() {
      await gateway.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
