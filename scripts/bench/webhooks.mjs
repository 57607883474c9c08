// Benchmark: verified carrier webhooks (Twilio status callbacks, HMAC-SHA1 checked, parsed and applied)
// through the Voice Call webhook server inside a running gateway, against a bare fastify POST route
// answering the same request in the same run.
import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnBareFastify, spawnGateway } from "./gateway.mjs";
import { interleavedRounds, measureRequests } from "./measure.mjs";

const TOKEN = "bench-token";
const PUBLIC = "https://bench.example.com/voice/webhook";

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function signedRequest(i) {
  const params = {
    CallSid: `CA${String(i).padStart(32, "0")}`,
    CallStatus: "ringing",
    Direction: "outbound-api",
  };
  const query = `?callId=bench-${i}&type=status`;
  const data =
    PUBLIC +
    query +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join("");
  return {
    query,
    body: new URLSearchParams(params).toString(),
    signature: createHmac("sha1", TOKEN).update(data).digest("base64"),
  };
}

async function load(url) {
  let i = 0;
  const { perSecond, ...latency } = await measureRequests(async () => {
    const r = signedRequest(i++);
    const response = await fetch(`${url}${r.query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": r.signature },
      body: r.body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  });
  return { ...latency, eventsPerSecond: perSecond };
}

/** Verified webhooks per second and latency, gateway vs bare fastify. */
export async function benchWebhooks(root) {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-bench-webhooks-"));
  const stateDir = join(dir, "state");
  mkdirSync(stateDir, { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(stateDir, "openclaw.json"),
    JSON.stringify({
      plugins: {
        entries: {
          "voice-call": {
            enabled: true,
            config: {
              provider: "twilio",
              fromNumber: "+15550000001",
              publicUrl: PUBLIC,
              serve: { port, path: "/voice/webhook" },
              twilio: {
                accountSid: "AC00000000000000000000000000000000",
                authToken: TOKEN,
                apiBaseUrl: "http://127.0.0.1:9",
              },
            },
          },
        },
      },
    }),
  );
  const bare = await spawnBareFastify(root);
  const gw = await spawnGateway(root, stateDir, { OPENCLAW_BUNDLED_PLUGINS_DIR: join(root, "extensions") });
  try {
    const webhookUrl = `http://127.0.0.1:${port}/voice/webhook`;
    const { baseline, target: gateway } = await interleavedRounds(
      () => load(`${bare.url}/voice/webhook`),
      () => load(webhookUrl),
    );
    return {
      name: "voice-webhooks",
      description:
        "signed Twilio status callbacks (HMAC-SHA1 verified, parsed, applied) through the Voice Call webhook server in a running gateway; one keep-alive client: 1000 sequential, then 16 concurrent for 2 s; baseline = bare fastify POST route in the same run",
      baseline: { command: "bare fastify POST /voice/webhook", ...baseline },
      rows: [
        {
          target: "voice-call webhook (twilio)",
          ...gateway,
          p50Ratio: +(gateway.p50Ms / baseline.p50Ms).toFixed(2),
          p99Ratio: +(gateway.p99Ms / baseline.p99Ms).toFixed(2),
          throughputRatio: +(gateway.eventsPerSecond / baseline.eventsPerSecond).toFixed(2),
        },
      ],
    };
  } finally {
    await gw.stop();
    await bare.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
