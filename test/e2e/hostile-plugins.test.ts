import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cliBin,
  createHome,
  type Home,
  json,
  openclaw,
  type RunningGateway,
  repoRoot,
  startGateway,
} from "./helpers.js";

// The hostile-plugin fixture set (fixtures/hostile/<name>, one misbehaviour each) loaded into one real
// gateway child process next to a well-behaved control plugin. Every test fails on the gateway
// before the fault-containment work: the process exited, hung, or served what it must not.

const FIXTURES = join(repoRoot, "test/e2e/fixtures/hostile");
const SHARED = [
  "good",
  "exits",
  "throws-later",
  "rejects-later",
  "sync-loop",
  "hanging-service",
  "port-taken",
  "hangs",
  "unserialisable",
  "late-registrar",
  "victim",
  "tool-thief",
  "proto",
  "case-routes",
];
const idOf = (fixture: string): string => (fixture === "proto" ? "__proto__" : fixture);

/** A home whose extensions dir holds `fixtures`, all enabled through install records. */
function hostileHome(fixtures: string[], plugins: Record<string, unknown> = {}): Home {
  const home = createHome({ bundled: false });
  for (const fixture of fixtures) {
    cpSync(join(FIXTURES, fixture), join(home.stateDir, "extensions", fixture), { recursive: true });
  }
  const installs = Object.fromEntries(fixtures.map((f) => [idOf(f), { source: "path" }]));
  mkdirSync(home.stateDir, { recursive: true });
  writeFileSync(join(home.stateDir, "openclaw.json"), JSON.stringify({ plugins: { installs, ...plugins } }));
  return home;
}

interface LiveRecord {
  id: string;
  status: string;
  error?: { code: string; message: string; phase: string };
  diagnostics: Array<{ code?: string; message: string }>;
}

let home: Home;
let gateway: RunningGateway;
let blocker: Server;
let blockedPort: number;
let token: string;

async function rpc<T = unknown>(method: string, params: Record<string, unknown> = {}) {
  const response = await fetch(`${gateway.url}/rpc`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ method, params }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { ok: boolean; payload: T; error: { code: string; message: string } },
  };
}

async function plugin(id: string): Promise<LiveRecord> {
  const { body } = await rpc<{ plugins: LiveRecord[] }>("plugins.status");
  const found = body.payload.plugins.find((p) => p.id === id);
  if (!found) throw new Error(`no plugin ${id} in plugins.status`);
  return found;
}

/** Polls plugins.status until `id` has failed (faults from timers land asynchronously). */
async function failed(id: string): Promise<LiveRecord> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const record = await plugin(id);
    if (record.status === "error" || Date.now() > deadline) return record;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  blockedPort = (blocker.address() as AddressInfo).port;
  home = hostileHome(SHARED, {
    registerTimeoutMs: 1500,
    hookTimeoutMs: 500,
    callBudgetsMs: {
      serviceStart: 1000,
      serviceStop: 500,
      method: 500,
      tool: 500,
      route: 500,
      legacyHook: 500,
    },
    entries: { "port-taken": { config: { port: blockedPort } } },
  });
  gateway = await startGateway(home);
  token = readFileSync(join(home.stateDir, "gateway/token"), "utf8").trim();
});

afterAll(async () => {
  await gateway?.stop();
  await new Promise((resolve) => blocker?.close(resolve));
  home?.cleanup();
});

describe("hostile plugins in one gateway", () => {
  it("process.exit() from a plugin timer is refused: the gateway stays up and the plugin is failed", async () => {
    expect(await failed("exits")).toMatchObject({
      status: "error",
      error: { code: "PLUGIN_PROCESS_EXIT_REFUSED" },
    });
    expect((await rpc("exits.ping")).body.error.code).toBe("GATEWAY_METHOD_NOT_FOUND");
    expect((await rpc("good.ping")).body).toMatchObject({ ok: true, payload: { pong: 1 } });
  });

  it.each([
    ["throws-later", /uncaught exception from plugin code: thrown later/],
    ["rejects-later", /unhandled rejection from plugin code: rejected later/],
  ])("a fault raised later by %s is attributed to it, its registrations removed", async (id, message) => {
    const record = await failed(id);
    expect(record.error).toMatchObject({ code: "PLUGIN_UNCAUGHT_ERROR", phase: "runtime" });
    expect(record.error?.message).toMatch(message);
    expect((await rpc(`${id}.ping`)).body.error.code).toBe("GATEWAY_METHOD_NOT_FOUND");
    expect((await rpc("good.ping")).body.ok).toBe(true);
  });

  it("a synchronous infinite loop in register is interrupted and named; the gateway serves the others", async () => {
    const record = await plugin("sync-loop");
    expect(record.error).toMatchObject({ code: "PLUGIN_CALL_BLOCKED", phase: "register" });
    expect(record.error?.message).toMatch(/plugin sync-loop register\(api\) ran synchronously/);
  });

  it("a service start() that never settles is cut at its budget; /health is ready and counts the failures", async () => {
    const record = await plugin("hanging-service");
    expect(record.error).toMatchObject({ code: "PLUGIN_SERVICE_FAILED", phase: "service" });
    expect(record.error?.message).toMatch(/did not settle within 1000 ms/);
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as {
      status: string;
      plugins: { failed: number };
    };
    expect(health.status).toBe("ready");
    expect(health.plugins.failed).toBeGreaterThanOrEqual(2);
  });

  it("a service whose port is taken is a coded plugin error in plugins status (exit 1), doctor and /health", async () => {
    const record = await plugin("port-taken");
    expect(record.error).toMatchObject({ code: "PLUGIN_SERVICE_FAILED" });
    expect(record.error?.message).toMatch(/EADDRINUSE/);
    const status = await openclaw(home, ["plugins", "status", "--json"]);
    expect(status.code).toBe(1);
    const doctor = await openclaw(home, ["plugins", "doctor", "--json"]);
    expect(doctor.code).toBe(1);
    const report = json<{ errors: Array<{ code: string; pluginId?: string }> }>(doctor);
    expect(report.errors).toContainEqual(
      expect.objectContaining({ code: "PLUGIN_SERVICE_FAILED", pluginId: "port-taken" }),
    );
  });

  it("a method, tool, route and legacy hook that never settle get coded timeouts naming plugin and call", async () => {
    const method = await rpc("hangs.method");
    expect(method.status).toBe(504);
    expect(method.body.error).toMatchObject({ code: "PLUGIN_CALL_TIMEOUT" });
    expect(method.body.error.message).toMatch(
      /plugin hangs RPC method hangs.method did not settle within 500 ms/,
    );
    const tool = await rpc("tools.invoke", { name: "hangs_tool" });
    expect(tool.body.ok).toBe(false);
    expect(tool.body.error.message).toMatch(/hangs_tool did not (?:settle|finish) within 500 ms/);
    const route = await fetch(`${gateway.url}/hangs`);
    expect(route.status).toBe(504);
    expect(((await route.json()) as { error: { code: string } }).error.code).toBe("PLUGIN_CALL_TIMEOUT");
    const hook = await rpc<{ results: Array<{ ok: boolean; error?: string }> }>("hooks.emit", {
      event: "hangs:event",
    });
    expect(hook.body.payload.results).toEqual([
      expect.objectContaining({
        ok: false,
        error: expect.stringMatching(/legacy hook hangs-hook did not settle/),
      }),
    ]);
  });

  it("an unserialisable payload is a coded error over HTTP and /ws, and the gateway stays up", async () => {
    for (const method of ["unserialisable.cycle", "unserialisable.bigint"]) {
      const answer = await rpc(method);
      expect(answer.body.error.code).toBe("GATEWAY_PAYLOAD_UNSERIALIZABLE");
      expect(answer.body.error.message).toMatch(/plugin unserialisable method .* not JSON-serialisable/);
    }
    const require = createRequire(join(repoRoot, "packages/gateway/package.json"));
    const WebSocket = require("ws") as typeof import("ws").default;
    const socket = new WebSocket(`${gateway.url.replace("http", "ws")}/ws`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const reply = new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
      socket.on("message", (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: number; ok: boolean };
        if (frame.type === "res" && frame.id === 7) resolve(frame);
      }),
    );
    socket.send(JSON.stringify({ type: "req", id: 7, method: "unserialisable.cycle" }));
    expect(await reply).toMatchObject({ ok: false, error: { code: "GATEWAY_PAYLOAD_UNSERIALIZABLE" } });
    socket.close();
    expect((await rpc("good.ping")).body.ok).toBe(true);
  });

  it("a plugin whose register timed out cannot register later: its late method and route are not served", async () => {
    const record = await plugin("late-registrar");
    expect(record.error).toMatchObject({ code: "PLUGIN_REGISTER_TIMEOUT" });
    const deadline = Date.now() + 10_000;
    while (!(await plugin("late-registrar")).diagnostics.some((d) => d.code === "PLUGIN_API_REVOKED")) {
      if (Date.now() > deadline) throw new Error("late registration never attempted");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await rpc("late-registrar.method")).body.error.code).toBe("GATEWAY_METHOD_NOT_FOUND");
    expect((await fetch(`${gateway.url}/late-registrar`)).status).toBe(404);
  });

  it("a tool factory cannot take another plugin's tool name and receive its calls", async () => {
    const tool = await rpc<{ content: Array<{ text: string }> }>("tools.invoke", { name: "victim_tool" });
    expect(tool.body.payload.content[0]?.text).toBe("victim answered");
    const listed = await rpc<{ tools: Array<{ name: string; pluginId: string }> }>("tools.list");
    expect(listed.body.payload.tools.filter((t) => t.name === "victim_tool")).toEqual([
      expect.objectContaining({ pluginId: "victim" }),
    ]);
    expect((await plugin("tool-thief")).diagnostics.map((d) => d.code)).toContain("REGISTRY_UNDECLARED_TOOL");
  });

  it("manifest id __proto__ loads as a plain id and `plugins disable __proto__` persists", async () => {
    expect((await plugin("__proto__")).status).toBe("loaded");
    expect((await rpc("proto.ping")).body.payload).toBe("proto alive");
    const disabled = await openclaw(home, ["plugins", "disable", "__proto__"]);
    expect(disabled.code).toBe(0);
    const config = JSON.parse(readFileSync(join(home.stateDir, "openclaw.json"), "utf8"));
    expect(Object.getOwnPropertyDescriptor(config.plugins.entries, "__proto__")?.value).toMatchObject({
      enabled: false,
    });
    const list = json<{ plugins: Array<{ id: string; activation: { enabled: boolean } }> }>(
      await openclaw(home, ["plugins", "list", "--json"]),
    );
    expect(list.plugins.find((p) => p.id === "__proto__")?.activation.enabled).toBe(false);
  });

  it("routes differing only in case are rejected as duplicates; the first stays reachable", async () => {
    const record = await plugin("case-routes");
    expect(record.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "REGISTRY_DUPLICATE",
        message: expect.stringMatching(/differs only in case/),
      }),
    );
    expect(await (await fetch(`${gateway.url}/case/hook`)).text()).toBe("first");
    expect(await (await fetch(`${gateway.url}/CASE/HOOK`)).text()).toBe("first");
  });

  it("plugins reload validates the new generation first and rolls back: broken code or config keep the old one serving", async () => {
    const entry = join(home.stateDir, "extensions/good/index.js");
    const working = readFileSync(entry, "utf8");
    writeFileSync(
      entry,
      `export default { register() {
  setTimeout(() => { throw new Error("late fault of the staged generation"); }, 20);
  throw new Error("broken new generation");
} };\n`,
    );
    const broken = await openclaw(home, ["plugins", "reload", "good"]);
    expect(broken.code).not.toBe(0);
    expect(broken.stdout + broken.stderr).toMatch(/PLUGIN_RELOAD_FAILED/);
    expect((await rpc("good.ping")).body).toMatchObject({ ok: true, payload: { pong: 1 } });
    // The staged generation's late fault is logged, and does not fail the live generation.
    const deadline = Date.now() + 10_000;
    while (!gateway.output().includes("fault from a non-live generation of plugin good")) {
      if (Date.now() > deadline) throw new Error(`staged fault never reported:\n${gateway.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await plugin("good")).status).toBe("loaded");
    writeFileSync(entry, working);
    const configPath = join(home.stateDir, "openclaw.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    config.plugins.entries.good = { config: { generation: "not a number" } };
    writeFileSync(configPath, JSON.stringify(config));
    expect((await openclaw(home, ["plugins", "reload", "good"])).code).not.toBe(0);
    expect((await plugin("good")).status).toBe("loaded");
    config.plugins.entries.good = { config: { generation: 2 } };
    writeFileSync(configPath, JSON.stringify(config));
    expect((await openclaw(home, ["plugins", "reload", "good"])).code).toBe(0);
    expect((await rpc("good.ping")).body.payload).toEqual({ pong: 2 });
  });
});

describe("a register() that never settles and leaves no timer", () => {
  it("does not let the process exit (code 13): the gateway starts and reports PLUGIN_REGISTER_TIMEOUT", async () => {
    const lone = hostileHome(["never-settles"], { registerTimeoutMs: 300 });
    try {
      const running = await startGateway(lone);
      const info = JSON.parse(readFileSync(join(lone.stateDir, "gateway/runtime.json"), "utf8")) as {
        url: string;
      };
      const health = (await (await fetch(`${info.url}/health`)).json()) as { plugins: { failed: number } };
      expect(health.plugins.failed).toBe(1);
      const status = await openclaw(lone, ["plugins", "status", "--json"]);
      const record = json<{ plugins: LiveRecord[] }>(status).plugins.find((p) => p.id === "never-settles");
      expect(record?.error?.code).toBe("PLUGIN_REGISTER_TIMEOUT");
      await running.stop();
    } finally {
      lone.cleanup();
    }
  });
});

describe("an infinite loop that starts asynchronously in plugin code", () => {
  it("is named by the loop watchdog (PLUGIN_EVENT_LOOP_BLOCKED, plugin id) and the process exits non-zero", async () => {
    const lone = hostileHome(["async-loop", "good"]);
    lone.env.OPENCLAW_LOOP_WATCHDOG_MS = "1000";
    try {
      const child = spawn(process.execPath, [cliBin, "gateway", "--port", "0"], {
        env: lone.env,
        cwd: lone.dir,
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const code = await new Promise<number | null>((resolve) =>
        child.once("exit", (status) => resolve(status)),
      );
      expect(code).toBe(70);
      const report = output
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { code?: string; plugin?: string; msg?: string })
        .find((line) => line.code === "PLUGIN_EVENT_LOOP_BLOCKED");
      expect(report).toMatchObject({ plugin: "async-loop" });
      expect(report?.msg).toMatch(/plugin async-loop blocked the event loop/);
    } finally {
      lone.cleanup();
    }
  });
});
