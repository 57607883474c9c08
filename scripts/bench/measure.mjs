// Helpers shared by the benchmarks: time a command over repeated cold runs (a new process each time).
import { spawnSync } from "node:child_process";

/** Wall time in ms of one run of `argv` (the first element is the executable). */
export function timeOnce(argv, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(" ")} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/** Median, min and max of `runs` timed runs after `warmup` untimed ones. */
export function measure(argv, env, { runs = 9, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) timeOnce(argv, env);
  const samples = Array.from({ length: runs }, () => timeOnce(argv, env)).sort((a, b) => a - b);
  return {
    medianMs: +samples[Math.floor(samples.length / 2)].toFixed(1),
    minMs: +samples[0].toFixed(1),
    maxMs: +samples[samples.length - 1].toFixed(1),
    runs,
  };
}

/**
 * Request load from one client: `once` is warmed up 100 times, timed 1000 times in sequence (p50, p99
 * in ms), then run by 16 concurrent loops for 2 s (requests per second).
 */
export async function measureRequests(once, { sequential = 1000, concurrency = 16, durationMs = 2000 } = {}) {
  for (let i = 0; i < 100; i++) await once();
  const latencies = [];
  for (let i = 0; i < sequential; i++) {
    const t = process.hrtime.bigint();
    await once();
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  let done = 0;
  const end = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await once();
        done++;
      }
    }),
  );
  return {
    p50Ms: +latencies[Math.floor(latencies.length * 0.5)].toFixed(3),
    p99Ms: +latencies[Math.floor(latencies.length * 0.99)].toFixed(3),
    perSecond: Math.round(done / (durationMs / 1000)),
  };
}

/**
 * Measures a baseline and a target in two interleaved rounds (baseline, target, baseline, target) so
 * client warm-up favours neither side, and keeps each side's round with the lower p50.
 */
export async function interleavedRounds(measureBaseline, measureTarget) {
  const better = (a, b) => (a.p50Ms <= b.p50Ms ? a : b);
  const baseline1 = await measureBaseline();
  const target1 = await measureTarget();
  const baseline2 = await measureBaseline();
  const target2 = await measureTarget();
  return { baseline: better(baseline1, baseline2), target: better(target1, target2) };
}
