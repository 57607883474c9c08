#!/usr/bin/env node
// Child process of the media-stream benchmark: `streams` fake Twilio carriers. Each opens a stream,
// sends `start` (with its token), then one 20 ms µ-law media frame every 20 ms (drift-corrected) for
// `durationMs`, and records when media frames come back. Prints `{sent, received, jitter}`: jitter is
// the inter-arrival deviation |(arrival_i − arrival_{i−1}) − 20 ms| of each stream's frames after a
// 1 s warm-up, pooled over all streams (p50, p99, max).
import { createRequire } from "node:module";
import { join } from "node:path";

const [root, port, streamsArg, durationArg, tokensJson] = process.argv.slice(2);
const WebSocket = createRequire(join(root, "extensions/voice-call/package.json"))("ws");
const streams = Number(streamsArg);
const durationMs = Number(durationArg);
const tokens = JSON.parse(tokensJson);
const payload = Buffer.alloc(160, 0x7f).toString("base64");
const arrivals = Array.from({ length: streams }, () => []);
let sent = 0;

function openStream(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/voice/stream`, { perMessageDeflate: false });
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
      const text = data.toString();
      if (text.includes('"media"')) arrivals[i].push(performance.now());
    });
    ws.on("error", reject);
  });
}

const sockets = [];
for (let i = 0; i < streams; i++) sockets.push(await openStream(i));
const t0 = performance.now() + 50;
const end = t0 + durationMs;
for (const [i, ws] of sockets.entries()) {
  let n = 0;
  const tick = () => {
    const now = performance.now();
    if (now >= end) return;
    ws.send(
      JSON.stringify({
        event: "media",
        streamSid: `MZ${i}`,
        media: { track: "inbound", chunk: String(n), timestamp: String(n * 20), payload },
      }),
    );
    sent++;
    n++;
    setTimeout(tick, Math.max(0, t0 + n * 20 - performance.now()));
  };
  setTimeout(tick, Math.max(0, t0 + (i % 20) - performance.now()));
}
await new Promise((r) => setTimeout(r, durationMs + 300));
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
  `${JSON.stringify({ sent, received, jitter: { p50: q(0.5), p99: q(0.99), max: q(1) } })}\n`,
);
process.exit(0);
