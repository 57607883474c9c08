import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger } from "@openclaw/plugin-loader";
import { isOpenClawError } from "@openclaw/plugin-sdk/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { checkPluginEventName } from "../src/events/plugin-events.js";
import { type GatewayHandle, readGatewayToken, startGateway } from "../src/index.js";

const PLUGIN = `
import { definePluginEntry } from "openclaw/plugin-sdk/core";
export default definePluginEntry({
  id: "emitter",
  name: "Emitter",
  register(api) {
    api.registerGatewayMethod("emitter.emit", ({ params, respond }) => {
      try {
        api.runtime.gateway?.broadcast(String(params.event), { n: params.n });
        respond(true, { sent: true });
      } catch (error) {
        respond(false, undefined, { code: error.code, message: error.message });
      }
    });
  },
});`;

let root: string;
let gateway: GatewayHandle;
let token: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "openclaw-events-"));
  const stateDir = join(root, "state");
  const dir = join(stateDir, "extensions", "emitter");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "openclaw.plugin.json"),
    JSON.stringify({ id: "emitter", configSchema: { type: "object" } }),
  );
  writeFileSync(join(dir, "index.ts"), PLUGIN);
  writeFileSync(
    join(stateDir, "openclaw.json"),
    JSON.stringify({ plugins: { installs: { emitter: { source: "path" } } } }),
  );
  gateway = await startGateway({
    version: "0.0.0-test",
    port: 0,
    env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_BUNDLED_PLUGINS_DIR: "", HOME: root },
    logger: createHostLogger({ level: "silent" }),
  });
  token = (await readGatewayToken(stateDir)) as string;
});

afterAll(async () => {
  await gateway?.close();
  rmSync(root, { recursive: true, force: true });
});

type Frame = Record<string, unknown>;

interface Client {
  ws: WebSocket;
  frames: Frame[];
  /** Resolves with the first frame (already received or next) that matches. */
  frame(match: (f: Frame) => boolean): Promise<Frame>;
}

/** Opens an authenticated /ws connection that records every frame. */
async function connect(): Promise<Client> {
  const ws = new WebSocket(`${gateway.url.replace("http", "ws")}/ws`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const frames: Frame[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const frame = (match: (f: Frame) => boolean) =>
    new Promise<Frame>((resolve) => {
      const seen = frames.find(match);
      if (seen) return resolve(seen);
      const onMessage = () => {
        const found = frames.find(match);
        if (!found) return;
        ws.off("message", onMessage);
        resolve(found);
      };
      ws.on("message", onMessage);
    });
  return { ws, frames, frame };
}

describe("plugin events over /ws (api.runtime.gateway.broadcast)", () => {
  it("delivers a plugin's event frame to every authenticated client", async () => {
    const a = await connect();
    const b = await connect();
    a.ws.send(
      JSON.stringify({ type: "req", id: 1, method: "emitter.emit", params: { event: "emitter.tick", n: 7 } }),
    );
    for (const client of [a, b]) {
      const frame = await client.frame((f) => f.type === "event" && f.event === "emitter.tick");
      expect(frame).toMatchObject({ payload: { n: 7 }, seq: 1 });
    }
    a.ws.close();
    b.ws.close();
  });

  it("refuses core namespaces and names without a namespace with GATEWAY_EVENT_RESERVED", async () => {
    const a = await connect();
    for (const [id, event] of [
      [2, "plugins.reloaded"],
      [3, "agent.delta"],
      [4, "tick"],
    ] as const) {
      a.ws.send(JSON.stringify({ type: "req", id, method: "emitter.emit", params: { event } }));
      expect(await a.frame((f) => f.id === id)).toMatchObject({
        ok: false,
        error: { code: "GATEWAY_EVENT_RESERVED" },
      });
    }
    expect(a.frames.some((f) => f.type === "event")).toBe(false);
    a.ws.close();
  });
});

describe("checkPluginEventName", () => {
  it("accepts <namespace>.<what> outside gateway., plugins., config. and agent.", () => {
    expect(() => checkPluginEventName("voicecall.call")).not.toThrow();
    expect(() => checkPluginEventName("my-plugin.state.changed")).not.toThrow();
    for (const bad of ["gateway.stopping", "config.changed", "call", "voicecall.", "a b.c"]) {
      let error: unknown;
      try {
        checkPluginEventName(bad);
      } catch (e) {
        error = e;
      }
      expect(isOpenClawError(error) && error.code, bad).toBe("GATEWAY_EVENT_RESERVED");
    }
  });
});
