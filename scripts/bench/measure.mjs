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
