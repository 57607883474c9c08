// Benchmark: concurrent Twilio-style media streams on one core. The Voice Call media-stream server
// (token admission, Twilio codec, MediaStreamSession paced by the shared PacingClock) runs alone in
// one Node process, pinned to one CPU with `taskset` where available; a second process (on the other
// CPUs) plays the carriers: each stream sends a 20 ms µ-law frame every 20 ms and receives our paced
// outbound frames. Baseline in the same run: a bare `ws` echo server on the same CPU, fed by the same
// client (its echoes arrive every 20 ms). Echo and voice runs alternate, REPEATS pairs per stream
// count, and the pair with the median added jitter is reported (the machine may be shared). Figures:
// inter-arrival jitter |gap − 20 ms| (p50/p99/max), the p99 jitter added over the baseline, inbound
// frames lost, outbound frames played, CPU share of both servers and of the client (a client near
// 1.0 would be the bottleneck, not the server).
import { spawn, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const DURATION_MS = 6000;
const STREAM_COUNTS = [100, 500, 750, 1000, 1500];
const REPEATS = 3;
const TARGET_ADDED_P99_MS = 5;

/** `taskset -c <cpus>` prefix when the tool exists and there are at least 2 CPUs, else nothing. */
function pinning() {
  const cpus = availableParallelism();
  const hasTaskset = cpus >= 2 && spawnSync("taskset", ["-c", "0", "true"]).status === 0;
  if (!hasTaskset) return { server: [], client: [], pinned: false };
  return { server: ["taskset", "-c", "0"], client: ["taskset", "-c", `1-${cpus - 1}`], pinned: true };
}

function child(root, prefix, script, args) {
  const command = [...prefix, process.execPath, join(root, "scripts/bench", script), ...args];
  const proc = spawn(command[0], command.slice(1), { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: proc.stdout });
  const next = () =>
    new Promise((resolve, reject) => {
      lines.once("line", (line) => resolve(JSON.parse(line)));
      proc.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    });
  return { proc, next };
}

async function run(root, pins, mode, streams) {
  const server = child(root, pins.server, "media-stream-server.mjs", [
    mode,
    root,
    String(streams),
    String(DURATION_MS + 2000),
  ]);
  const { port, tokens } = await server.next();
  const client = child(root, pins.client, "media-stream-client.mjs", [
    root,
    String(port),
    String(streams),
    String(DURATION_MS),
    JSON.stringify(tokens),
  ]);
  const result = await client.next();
  server.proc.stdin.write("stats\n");
  const stats = await server.next();
  return { ...result, clientCpuShare: result.cpuShare, ...stats };
}

function row(streams, echo, voice, addedAll) {
  const expectedOut = streams * Math.floor((DURATION_MS - 1000) / 20);
  const added = +(voice.jitter.p99 - echo.jitter.p99).toFixed(2);
  const lost = voice.sent - voice.framesIn;
  return {
    streams,
    "echo server CPU": echo.cpuShare,
    "voice server CPU": voice.cpuShare,
    "client CPU max": Math.max(echo.clientCpuShare, voice.clientCpuShare),
    "echo µs/frame": echo.cpuUsPerFrame,
    "voice µs/frame": voice.cpuUsPerFrame,
    "echo p99 ms": echo.jitter.p99,
    "voice p50 ms": voice.jitter.p50,
    "voice p99 ms": voice.jitter.p99,
    "voice max ms": voice.jitter.max,
    "added p99 ms": added,
    "added p99 ms, all runs": addedAll.join(" "),
    "inbound lost": lost,
    "outbound >= expected": voice.received >= expectedOut,
    "meets target": added < TARGET_ADDED_P99_MS && lost === 0 && voice.received >= expectedOut,
  };
}

/** Jitter and loss of concurrent media streams, Voice Call vs a bare ws echo server. */
export async function benchMediaStreams(root) {
  const pins = pinning();
  const rows = [];
  let baselineFigures;
  for (const streams of STREAM_COUNTS) {
    const pairs = [];
    for (let i = 0; i < REPEATS; i++) {
      const echo = await run(root, pins, "echo", streams);
      const voice = await run(root, pins, "voice", streams);
      pairs.push({ echo, voice, added: +(voice.jitter.p99 - echo.jitter.p99).toFixed(2) });
    }
    const sorted = [...pairs].sort((a, b) => a.added - b.added);
    const median = sorted[Math.floor(sorted.length / 2)];
    baselineFigures ??= { streams, ...median.echo.jitter };
    rows.push(
      row(
        streams,
        median.echo,
        median.voice,
        pairs.map((p) => p.added),
      ),
    );
  }
  const passing = rows.filter((r) => r["meets target"]).map((r) => r.streams);
  return {
    name: "voice-media-streams",
    description: `concurrent Twilio media streams for ${DURATION_MS / 1000} s on one server process${pins.pinned ? " pinned to one CPU" : ""}: 20 ms inbound frames from each fake carrier, paced 20 ms outbound TTS frames back; jitter = |inter-arrival gap − 20 ms| after 1 s warm-up; baseline = bare ws echo server with the same client in the same run; median of ${REPEATS} alternating echo/voice pairs`,
    baseline: { command: "bare ws echo server", ...baselineFigures },
    rows,
    target: `added p99 jitter < ${TARGET_ADDED_P99_MS} ms per 20 ms frame and no frame loss at 1000 streams on one core; met up to ${passing.length > 0 ? Math.max(...passing) : 0} streams in this run`,
  };
}
