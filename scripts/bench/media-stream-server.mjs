#!/usr/bin/env node
// Child process of the media-stream benchmark (one Node process = one core). Mode `voice`: the Voice
// Call MediaStreamServer (Twilio codec, token admission, MediaStreamSession pacing) on a plain HTTP
// server; every accepted stream plays `playMs` of µ-law. Mode `echo`: a bare `ws` server that echoes
// each text frame back (the baseline). Prints one JSON line `{ready, port, tokens}`, then on stdin
// "stats" prints `{framesIn, framesOut, cpuShare, cpuUsPerFrame}` (CPU seconds per wall second while
// streaming; CPU µs per inbound frame) once inbound frames stopped arriving, and exits.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [mode, root, streamsArg, playMsArg] = process.argv.slice(2);
// `ws` as Voice Call resolves it (the same copy the MediaStreamServer uses).
const { WebSocketServer } = createRequire(join(root, "extensions/voice-call/package.json"))("ws");
const streams = Number(streamsArg);
const playMs = Number(playMsArg);
const server = createServer();
let framesIn = 0;
let framesOut = 0;
const tokens = {};
// CPU used while streams are live: from the first inbound media frame (the client sends media only
// once every stream is open) to the stats request.
let cpuStart;
let wallStart;
const markStart = () => {
  if (cpuStart) return;
  cpuStart = process.cpuUsage();
  wallStart = performance.now();
};

if (mode === "echo") {
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on("connection", (ws) =>
    ws.on("message", (data) => {
      const text = data.toString();
      if (text.includes('"media"')) {
        markStart();
        framesIn++;
      }
      ws.send(text);
    }),
  );
} else {
  const dist = join(root, "extensions/voice-call/dist/media");
  const { MediaStreamServer } = await import(pathToFileURL(join(dist, "media-stream-server.js")).href);
  const { StreamTokens } = await import(pathToFileURL(join(dist, "stream-tokens.js")).href);
  const issued = new StreamTokens();
  for (let i = 0; i < streams; i++) tokens[`CA${i}`] = issued.issue(`CA${i}`);
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const audio = Buffer.alloc((playMs / 20) * 160);
  for (let i = 0; i < audio.length; i++) audio[i] = (i * 37) & 0xff;
  const media = new MediaStreamServer({
    carrier: "twilio",
    path: "/voice/stream",
    limits: {
      preStartTimeoutMs: 10_000,
      maxPendingConnections: streams,
      maxPendingConnectionsPerIp: streams,
      maxConnections: streams + 10,
    },
    logger: quiet,
    authorize: (start) =>
      issued.verify(start.providerCallId, start.token)
        ? { ok: true, callId: start.providerCallId }
        : { ok: false, reason: "invalid token" },
    onSession: (session) => {
      session.listen({
        onAudio: () => {
          markStart();
          framesIn++;
        },
      });
      void session.enqueue(audio).then((r) => {
        framesOut += r.frames;
      });
    },
    onSessionEnd: () => {},
  });
  media.attach(server);
}
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ ready: true, port: server.address().port, tokens })}\n`);
});
// Asked for stats: wait until inbound frames stop arriving (backlog drained, at most 5 s), then report.
process.stdin.on("data", async () => {
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const cpuShare = +(cpuMs / (performance.now() - wallStart)).toFixed(3);
  // CPU per inbound frame (each stream also gets one outbound frame per inbound one): unlike
  // cpuShare this does not shrink when other processes take the CPU away.
  const cpuUsPerFrame = +((cpuMs * 1000) / Math.max(1, framesIn)).toFixed(1);
  const until = Date.now() + 5000;
  let last = -1;
  while (framesIn !== last && Date.now() < until) {
    last = framesIn;
    await new Promise((r) => setTimeout(r, 300));
  }
  process.stdout.write(`${JSON.stringify({ framesIn, framesOut, cpuShare, cpuUsPerFrame })}\n`);
  process.exit(0);
});
