// Benchmarks for the gateway: cold start to ready with 0, 20 and 100 TypeScript plugins (jiti's
// transpile cache cold and warm), and RPC round trips against a bare fastify route in the same run.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { interleavedRounds, measure, measureRequests } from "./measure.mjs";

function makeState(count) {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-bench-gw-"));
  const stateDir = join(dir, "state");
  const installs = {};
  for (let i = 0; i < count; i++) {
    const id = `ts-plugin-${i}`;
    const root = join(stateDir, "extensions", id);
    mkdirSync(root, { recursive: true });
    writeFileSync(
      join(root, "openclaw.plugin.json"),
      JSON.stringify({ id, configSchema: { type: "object" } }),
    );
    writeFileSync(
      join(root, "index.ts"),
      `import { definePluginEntry, type OpenClawPluginApi } from "openclaw/plugin-sdk/core";
interface Reply { id: string; n: number }
const answer = (n: number): Reply => ({ id: "${id}", n });
export default definePluginEntry({
  id: "${id}",
  name: "TS plugin ${i}",
  register(api: OpenClawPluginApi) {
    api.registerGatewayMethod("${id}.ping", ({ respond }) => respond(true, answer(${i})));
    api.registerTool({ name: "tool_${i}", description: "t", parameters: {}, execute: async () => ({ content: [] }) });
  },
});
`,
    );
    installs[id] = { source: "path" };
  }
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, "openclaw.json"), JSON.stringify({ plugins: { installs } }));
  return { dir, stateDir };
}

/** Starts a gateway child; resolves with its URL, token and a stop function once runtime.json exists. */
export function spawnGateway(root, stateDir, extraEnv = {}) {
  const cli = join(root, "packages/cli/bin/openclaw.mjs");
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, "gateway", "--port", "0"], {
    env: {
      ...process.env,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_BUNDLED_PLUGINS_DIR: "",
      OPENCLAW_LOG_LEVEL: "error",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const runtimeFile = join(stateDir, "gateway/runtime.json");
  return new Promise((resolve, reject) => {
    const watchdog = setTimeout(() => {
      clearInterval(poll);
      child.kill("SIGKILL");
      const seen = existsSync(runtimeFile) ? readFileSync(runtimeFile, "utf8") : "no runtime.json";
      reject(new Error(`gateway not ready after 60 s (pid ${child.pid}; ${seen}):\n${stderr}`));
    }, 15_000);
    const poll = setInterval(() => {
      if (child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(watchdog);
        reject(new Error(`gateway exited: ${stderr}`));
        return;
      }
      if (!existsSync(runtimeFile)) return;
      let info;
      try {
        info = JSON.parse(readFileSync(runtimeFile, "utf8"));
      } catch {
        return;
      }
      if (info.pid !== child.pid) return;
      clearInterval(poll);
      clearTimeout(watchdog);
      const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const token = readFileSync(join(stateDir, "gateway/token"), "utf8").trim();
      resolve({
        url: info.url,
        token,
        readyMs,
        stop: () => stopChild(child),
      });
    }, 2);
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone (also if it already is). */
function stopChild(child) {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}

async function timeStart(root, stateDir, env) {
  const gw = await spawnGateway(root, stateDir, env);
  await gw.stop();
  return gw.readyMs;
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianMs: +sorted[Math.floor(sorted.length / 2)].toFixed(1),
    minMs: +sorted[0].toFixed(1),
    maxMs: +sorted.at(-1).toFixed(1),
  };
}

/** Gateway cold start to ready. */
export async function benchGatewayStart(root, { runs = 5 } = {}) {
  const baseline = measure([process.execPath, "-e", "0"], process.env, { runs: 9 });
  const rows = [];
  for (const count of [0, 20, 100]) {
    const { dir, stateDir } = makeState(count);
    try {
      const cold = [];
      // jiti reads JITI_FS_CACHE as a boolean: "false" transpiles every plugin on every start (cold);
      // "true" keeps transpiled code in its cache directory (warm after one start).
      for (let i = 0; i < runs; i++) cold.push(await timeStart(root, stateDir, { JITI_FS_CACHE: "false" }));
      await timeStart(root, stateDir, { JITI_FS_CACHE: "true" });
      const warm = [];
      for (let i = 0; i < runs; i++) warm.push(await timeStart(root, stateDir, { JITI_FS_CACHE: "true" }));
      const c = stats(cold);
      const w = stats(warm);
      rows.push({
        plugins: count,
        coldCacheMedianMs: c.medianMs,
        warmCacheMedianMs: w.medianMs,
        coldRatioToNode: +(c.medianMs / baseline.medianMs).toFixed(2),
        warmRatioToNode: +(w.medianMs / baseline.medianMs).toFixed(2),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    name: "gateway-start",
    description:
      "openclaw gateway --port 0 until ready (runtime.json written), N TypeScript plugins; jiti fs cache off (cold: every plugin transpiled per start) and on after one start (warm)",
    baseline: { command: "node -e 0", ...baseline },
    rows,
  };
}

async function roundTrips(url, token) {
  const body = JSON.stringify({ method: "health", params: {} });
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  const { perSecond, ...latency } = await measureRequests(async () => {
    const response = await fetch(`${url}/rpc`, { method: "POST", headers, body });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  });
  return { ...latency, throughputRps: perSecond };
}

/** A bare fastify server with one POST route answering like `/rpc`, in a child process. */
export function spawnBareFastify(root) {
  const require = createRequire(join(root, "packages/gateway/package.json"));
  const fastifyPath = require.resolve("fastify");
  const code = `const Fastify = require(${JSON.stringify(fastifyPath)});
const app = Fastify();
app.post("/rpc", async () => ({ ok: true, payload: { ok: true } }));
app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, body));
app.post("/voice/webhook", async (_req, reply) => reply.type("application/xml").send("<Response></Response>"));
app.listen({ port: 0, host: "127.0.0.1" }).then(() => process.stdout.write(String(app.server.address().port) + "\\n"));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => {
    child.stdout.once("data", (d) =>
      resolve({
        url: `http://127.0.0.1:${String(d).trim()}`,
        stop: () => stopChild(child),
      }),
    );
  });
}

/** RPC round trips (`health` over POST /rpc with the token) against a bare fastify route. */
export async function benchRpc(root) {
  const { dir, stateDir } = makeState(0);
  const bare = await spawnBareFastify(root);
  const gw = await spawnGateway(root, stateDir);
  try {
    const { baseline, target: gateway } = await interleavedRounds(
      () => roundTrips(bare.url, "x"),
      () => roundTrips(gw.url, gw.token),
    );
    return {
      name: "gateway-rpc",
      description:
        "POST /rpc {method: health} with bearer auth, keep-alive fetch from one client: sequential latency (1000 calls) and throughput (16 concurrent, 2 s); baseline = bare fastify POST route in the same run",
      baseline: { command: "bare fastify POST /rpc", ...baseline },
      rows: [
        {
          target: "openclaw gateway /rpc health",
          ...gateway,
          p50Ratio: +(gateway.p50Ms / baseline.p50Ms).toFixed(2),
          throughputRatio: +(gateway.throughputRps / baseline.throughputRps).toFixed(2),
        },
      ],
    };
  } finally {
    await gw.stop();
    await bare.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
