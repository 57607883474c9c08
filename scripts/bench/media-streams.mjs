// Benchmark: concurrent Twilio-style media streams on one core. The Voice Call media-stream server
// (token admission, Twilio codec, MediaStreamSession with drift-corrected 20 ms pacing) runs alone in
// one Node process; a second process plays the carriers: each stream sends a 20 ms µ-law frame every
// 20 ms and receives our paced outbound frames. Baseline in the same run: a bare `ws` echo server fed
// by the same client (its echoes arrive every 20 ms). Figures: inter-arrival jitter |gap − 20 ms|
// (p50/p99/max), the p99 jitter added over the baseline, inbound frames lost, outbound frames played.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const DURATION_MS = 6000;

function child(root, script, args) {
  const proc = spawn(process.execPath, [join(root, "scripts/bench", script), ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: proc.stdout });
  const next = () =>
    new Promise((resolve, reject) => {
      lines.once("line", (line) => resolve(JSON.parse(line)));
      proc.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    });
  return { proc, next };
}

async function run(root, mode, streams) {
  const server = child(root, "media-stream-server.mjs", [
    mode,
    root,
    String(streams),
    String(DURATION_MS + 2000),
  ]);
  const { port, tokens } = await server.next();
  const client = child(root, "media-stream-client.mjs", [
    root,
    String(port),
    String(streams),
    String(DURATION_MS),
    JSON.stringify(tokens),
  ]);
  const result = await client.next();
  server.proc.stdin.write("stats\n");
  const stats = await server.next();
  return { ...result, ...stats };
}

/** Jitter and loss of concurrent media streams, Voice Call vs a bare ws echo server. */
export async function benchMediaStreams(root) {
  const rows = [];
  let baselineFigures;
  for (const streams of [100, 500, 1000]) {
    const baseline = await run(root, "echo", streams);
    const voice = await run(root, "voice", streams);
    baselineFigures ??= { streams, ...baseline.jitter };
    const expectedOut = streams * Math.floor((DURATION_MS - 1000) / 20);
    rows.push({
      streams,
      "echo server CPU": baseline.cpuShare,
      "voice server CPU": voice.cpuShare,
      "echo p99 ms": baseline.jitter.p99,
      "voice p50 ms": voice.jitter.p50,
      "voice p99 ms": voice.jitter.p99,
      "voice max ms": voice.jitter.max,
      "added p99 ms": +(voice.jitter.p99 - baseline.jitter.p99).toFixed(2),
      "inbound lost": voice.sent - voice.framesIn,
      "outbound frames": voice.received,
      "outbound >= expected": voice.received >= expectedOut,
    });
  }
  return {
    name: "voice-media-streams",
    description: `concurrent Twilio media streams for ${DURATION_MS / 1000} s on one server process: 20 ms inbound frames from each fake carrier, paced 20 ms outbound TTS frames back; jitter = |inter-arrival gap − 20 ms| after 1 s warm-up; baseline = bare ws echo server with the same client in the same run`,
    baseline: { command: "bare ws echo server", ...baselineFigures },
    rows,
    target: "added p99 jitter < 5 ms per 20 ms frame and no inbound loss at 1000 streams",
  };
}
