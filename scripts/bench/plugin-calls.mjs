// Benchmark: the cost of calling plugin code through the budget helper (runPluginCall: an
// AsyncLocalStorage scope, V8's watchdog on the synchronous part, a ref'd budget timer) against a
// plain awaited call of the same function, measured in the same run. Every plugin RPC method, tool,
// route, hook and service call pays this; the ratio and the absolute per-call cost (µs) show whether
// it matters next to what those calls do (an HTTP request costs ~100 µs and more on loopback).
import { createServer } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const CALLS = 5000;

async function perCallMicros(call) {
  for (let i = 0; i < 200; i++) await call();
  const samples = [];
  for (let run = 0; run < 5; run++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) await call();
    samples.push(Number(process.hrtime.bigint() - t) / 1e3 / CALLS);
  }
  samples.sort((a, b) => a - b);
  return +samples[2].toFixed(2);
}

async function loopbackRequestMicros() {
  const server = createServer((_req, res) => res.end("ok"));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const samples = [];
  for (let i = 0; i < 50; i++) await (await fetch(url)).text();
  for (let run = 0; run < 5; run++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 500; i++) await (await fetch(url)).text();
    samples.push(Number(process.hrtime.bigint() - t) / 1e3 / 500);
  }
  await new Promise((resolve) => server.close(resolve));
  samples.sort((a, b) => a - b);
  return +samples[2].toFixed(1);
}

/**
 * Per-call time of a trivial handler called plainly and through runPluginCall, each as a ratio to one
 * loopback HTTP request (the cheapest thing that triggers a plugin call) measured in the same run.
 */
export async function benchPluginCalls(root) {
  const { runPluginCall } = await import(
    pathToFileURL(join(root, "packages/plugin-loader/dist/bundle.js")).href
  );
  const scope = { pluginId: "bench", call: "hook", name: "bench" };
  const requestUs = await loopbackRequestMicros();
  const rows = [];
  for (const [shape, fn] of [
    ["sync handler", () => 1],
    ["async handler", async () => 1],
  ]) {
    const plain = await perCallMicros(async () => fn());
    const guarded = await perCallMicros(() => runPluginCall(scope, fn, 5000));
    rows.push({
      shape,
      plainUs: plain,
      guardedUs: guarded,
      guardedPerRequest: +(guarded / requestUs).toFixed(2),
    });
  }
  return {
    name: "plugin-calls",
    description: `µs per call of a trivial plugin handler (${CALLS} calls, median of 5 runs), as a share of one loopback HTTP request`,
    baseline: { command: "fetch() of a loopback HTTP server", perRequestUs: requestUs },
    rows,
    target: "guardedPerRequest well below 1: the guard costs less than the request that triggers the call",
  };
}
