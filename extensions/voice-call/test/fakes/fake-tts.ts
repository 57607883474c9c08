import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the fake TTS server received. */
export interface TtsRequest {
  /** When the request arrived (`performance.now()` ms). */
  at: number;
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

/**
 * A fake OpenAI (`POST /v1/audio/speech`) and ElevenLabs (`POST /v1/text-to-speech/{voice}/stream`)
 * server on a random loopback port. Each answer streams `audio(request)` in `chunkBytes` chunks with
 * `chunkDelayMs` between them; `status` (default 200) lets a test make a provider fail.
 */
export async function startFakeTts(options: {
  audio: (request: TtsRequest) => Buffer;
  chunkBytes?: number;
  chunkDelayMs?: number;
  status?: (request: TtsRequest) => number;
}) {
  const requests: TtsRequest[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      const request: TtsRequest = {
        at: performance.now(),
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      };
      requests.push(request);
      const status = options.status?.(request) ?? 200;
      if (status !== 200) {
        res.statusCode = status;
        res.end(JSON.stringify({ error: { message: "scripted failure" } }));
        return;
      }
      res.setHeader("content-type", "application/octet-stream");
      const audio = options.audio(request);
      const size = options.chunkBytes ?? 4800;
      for (let i = 0; i < audio.length; i += size) {
        if (res.destroyed) return;
        res.write(audio.subarray(i, i + size));
        if (options.chunkDelayMs) await new Promise((r) => setTimeout(r, options.chunkDelayMs));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `seconds` of 16-bit LE mono PCM at `rate` Hz: the sum of sine tones `{hz: amplitude}`. */
export function tonePcm(rate: number, seconds: number, tones: Record<number, number>): Buffer {
  const count = Math.round(rate * seconds);
  const out = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) {
    let v = 0;
    for (const [hz, amp] of Object.entries(tones)) v += amp * Math.sin((2 * Math.PI * Number(hz) * i) / rate);
    out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v))), i * 2);
  }
  return out;
}
