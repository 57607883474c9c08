#!/usr/bin/env node
// Child process of the media-stream benchmark: `streams` fake Twilio carriers. Each opens a stream,
// sends `start` (with its token), then one 20 ms µ-law media frame every 20 ms for `durationMs`, and
// records when media frames come back. Prints `{sent, received, jitter, cpuShare}`: jitter is the
// inter-arrival deviation |(arrival_i − arrival_{i−1}) − 20 ms| of each stream's frames after a 1 s
// warm-up, pooled over all streams (p50, p99, max); cpuShare is this process's CPU seconds per wall
// second while streaming, so a saturated client (which would inflate every jitter figure) shows.
// Kept cheap so the client is not the bottleneck: one shared send clock for all streams (stream i
// sends on phase i mod 20 ms of a drift-free 1 ms grid), frames built by string templates, arrivals
// recognised on the raw bytes (no UTF-8 decoding).
import { createRequire } from "node:module";
import { join } from "node:path";

const [root, port, streamsArg, durationArg, tokensJson] = process.argv.slice(2);
const WebSocket = createRequire(join(root, "extensions/voice-call/package.json"))("ws");
const streams = Number(streamsArg);
const durationMs = Number(durationArg);
const tokens = JSON.parse(tokensJson);
const payload = Buffer.alloc(160, 0x7f).toString("base64");
const arrivals = Array.from({ length: streams }, () => []);
const MEDIA = Buffer.from('"event":"media"');
let sent = 0;

function openStream(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/voice/stream`, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    ws.on("open", () => {
      const sid = `MZ${i}`;
      ws.send(JSON.stringify({ event: "connected", protocol: "Call", version: "1.0.0" }));
      ws.send(
        JSON.stringify({
          event: "start",
          streamSid: sid,
          start: { streamSid: sid, callSid: `CA${i}`, customParameters: { token: tokens[`CA${i}`] ?? "" } },
        }),
      );
      resolve(ws);
    });
    ws.on("message", (data) => {
      if (data.indexOf(MEDIA) !== -1) arrivals[i].push(performance.now());
    });
    ws.on("error", reject);
  });
}

const sockets = [];
for (let i = 0; i < streams; i++) sockets.push(await openStream(i));
const prefixes = sockets.map(
  (_, i) => `{"event":"media","streamSid":"MZ${i}","media":{"track":"inbound","chunk":"`,
);
// Streams grouped by send phase (ms within the 20 ms frame).
const phases = Array.from({ length: 20 }, () => []);
for (let i = 0; i < streams; i++) phases[i % 20].push(i);
const t0 = performance.now() + 50;
const end = t0 + durationMs;
const cpuStart = process.cpuUsage();
let nextMs = 0;
// Drift-free shared clock: every late tick catches up all 1 ms steps due, so stream i sends its n-th
// frame at t0 + (i mod 20) + 20·n.
function tick() {
  const now = performance.now();
  while (t0 + nextMs <= now && t0 + nextMs < end) {
    const n = Math.floor(nextMs / 20);
    const tail = `","timestamp":"${n * 20}","payload":"${payload}"}}`;
    for (const i of phases[nextMs % 20]) {
      sockets[i].send(`${prefixes[i]}${n}${tail}`);
      sent++;
    }
    nextMs++;
  }
  if (t0 + nextMs < end) setTimeout(tick, Math.max(0, t0 + nextMs - performance.now()));
}
setTimeout(tick, Math.max(0, t0 - performance.now()));
await new Promise((r) => setTimeout(r, durationMs + 300));
const cpu = process.cpuUsage(cpuStart);
const cpuShare = +((cpu.user + cpu.system) / 1000 / (performance.now() - t0)).toFixed(3);
const deviations = [];
let received = 0;
for (const times of arrivals) {
  received += times.length;
  const steady = times.filter((t) => t >= t0 + 1000 && t <= end);
  for (let k = 1; k < steady.length; k++) deviations.push(Math.abs(steady[k] - steady[k - 1] - 20));
}
deviations.sort((a, b) => a - b);
const q = (p) =>
  +(deviations[Math.min(deviations.length - 1, Math.floor(p * deviations.length))] ?? 0).toFixed(2);
for (const ws of sockets) ws.terminate();
process.stdout.write(
  `${JSON.stringify({ sent, received, cpuShare, jitter: { p50: q(0.5), p99: q(0.99), max: q(1) } })}\n`,
);
process.exit(0);
