import type { AddressInfo } from "node:net";
import * as alawmulaw from "alawmulaw";
import { type WebSocket, WebSocketServer } from "ws";

const mulaw = ((alawmulaw as unknown as { default?: typeof alawmulaw }).default ?? alawmulaw).mulaw;

/** A connection the fake STT server saw. */
export interface FakeSttConnection {
  headers: Record<string, string | string[] | undefined>;
  url: string;
  sessionUpdate?: Record<string, unknown>;
  appendSizes: number[];
  commits: number;
  socket: WebSocket;
}

/**
 * A fake OpenAI realtime transcription server (GA events) on a random loopback port. It runs a
 * small energy VAD over the µ-law it receives: loud audio → `speech_started`; then `silenceMs` of
 * quiet → `committed`, word-by-word `delta`s and `completed` with the next scripted transcript.
 */
export async function startFakeRealtimeStt(options: {
  transcripts: string[];
  silenceMs?: number;
  threshold?: number;
}) {
  const connections: FakeSttConnection[] = [];
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  let next = 0;
  let item = 0;
  wss.on("connection", (socket, request) => {
    const conn: FakeSttConnection = {
      headers: request.headers,
      url: request.url ?? "",
      appendSizes: [],
      commits: 0,
      socket,
    };
    connections.push(conn);
    let speaking = false;
    let quietMs = 0;
    let previous: string | null = null;
    const send = (event: Record<string, unknown>) => socket.send(JSON.stringify(event));
    const finishUtterance = () => {
      speaking = false;
      const itemId = `item_${++item}`;
      send({ type: "input_audio_buffer.speech_stopped", item_id: itemId });
      send({ type: "input_audio_buffer.committed", item_id: itemId, previous_item_id: previous });
      previous = itemId;
      const text = options.transcripts[next++] ?? "";
      for (const word of text.split(" "))
        send({
          type: "conversation.item.input_audio_transcription.delta",
          item_id: itemId,
          delta: `${word} `,
        });
      send({
        type: "conversation.item.input_audio_transcription.completed",
        item_id: itemId,
        transcript: text,
      });
    };
    socket.on("message", (data) => {
      const event = JSON.parse(data.toString()) as Record<string, unknown>;
      if (event.type === "session.update") {
        conn.sessionUpdate = event;
        send({ type: "session.updated", session: event.session });
      } else if (event.type === "input_audio_buffer.commit") {
        conn.commits++;
      } else if (event.type === "input_audio_buffer.append") {
        const bytes = Buffer.from(String(event.audio), "base64");
        conn.appendSizes.push(bytes.length);
        const samples = mulaw.decode(bytes);
        let sum = 0;
        for (const s of samples) sum += s * s;
        const rms = Math.sqrt(sum / Math.max(1, samples.length));
        const ms = bytes.length / 8;
        if (rms > (options.threshold ?? 500)) {
          quietMs = 0;
          if (!speaking) {
            speaking = true;
            send({
              type: "input_audio_buffer.speech_started",
              audio_start_ms: 0,
              item_id: `item_${item + 1}`,
            });
          }
        } else if (speaking) {
          quietMs += ms;
          if (quietMs >= (options.silenceMs ?? 400)) finishUtterance();
        }
      }
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/realtime?intent=transcription`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
