// Property-based adversarial suite (fast-check): random request targets, headers, bodies and
// WebSocket frames against a real gateway on loopback. Properties: the process stays up, every
// answer is either a success or the one error shape `{ ok: false, error: { code, message, hint? } }`
// whose HTTP status is the status the error registry declares for that code, and a hostile
// WebSocket client never disturbs another connection. Seeds are printed by fast-check on failure;
// rerun one with `FC_SEED=<seed> npx vitest run <this file>`.
import { connect } from "node:net";
import { statusOf } from "@openclaw/plugin-sdk/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { openRawWebSocket, type RawHttpAnswer, rawHttp, upgradeRequest } from "./support/raw-client.js";
import { startTestGateway, type TestGateway } from "./support/test-gateway.js";

const RUNS = Number(process.env.FC_RUNS ?? 60);
const SEED = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };
const params = { numRuns: RUNS, ...SEED };

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ handshakeTimeoutMs: 2000 });
});
afterAll(() => t.close());

/**
 * The oracle for one HTTP answer: there is one; a 101 is only an upgrade on /ws; a JSON body has
 * `ok`; an error status comes with the error shape and the registry's status for its code.
 */
function checkAnswer(answer: RawHttpAnswer): void {
  expect(answer.status, `no HTTP answer to:\n${answer.raw}`).toBeDefined();
  if (answer.status === 101 || answer.status === 100) return;
  const body = JSON.parse(answer.body) as { ok: boolean; error?: { code: string; message: string } };
  expect(typeof body.ok).toBe("boolean");
  if ((answer.status as number) < 400) return;
  expect(body.ok).toBe(false);
  expect(typeof body.error?.message).toBe("string");
  expect(statusOf(body.error?.code as string)).toBe(answer.status);
}

async function expectAlive(): Promise<void> {
  expect((await fetch(`${t.gateway.url}/health`)).status).toBe(200);
}

/** Request targets: paths built from URL-ish pieces, percent-encodings and raw bytes Node passes through. */
const target = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "/",
          "//",
          "..",
          ".",
          "%",
          "%zz",
          "%2F",
          "%00",
          "?",
          "#",
          "[",
          "]",
          "@",
          ":",
          "\\",
          "ws",
          "rpc",
          "health",
          "hostile",
        ),
        fc.string({ unit: fc.constantFrom(..."abc/%.?#[]@:!$&'()*+,;=~_-0123456789"), maxLength: 12 }),
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((parts) => parts.join("")),
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0xff }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 40,
  }),
  fc.constantFrom(
    "*",
    "http://[",
    "http://x:99999/",
    "//ws",
    "/ws?",
    "/health#x",
    "/%E0%A4%A",
    "/rpc/../health",
  ),
);

const method = fc.constantFrom(
  "GET",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "PROPFIND",
  "BREW",
  "GE T",
);

const headerName = fc.oneof(
  fc.constantFrom(
    "Authorization",
    "Content-Type",
    "Transfer-Encoding",
    "Content-Length",
    "Upgrade",
    "Connection",
    "Expect",
    "Host",
  ),
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 16,
  }),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    "Bearer ",
    "Bearer x",
    "chunked",
    "-1",
    "99999999999",
    "application/json",
    "text/plain",
    "websocket",
    "Upgrade",
    "100-continue",
  ),
  fc.string({ unit: fc.integer({ min: 0x00, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);

const request = (m: string, tgt: string, headers: Array<[string, string]>, body = ""): Buffer =>
  Buffer.from(
    `${m} ${tgt} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n${body}`,
    "latin1",
  );

describe("hostile HTTP requests (property-based)", () => {
  it("random request targets get a success or the one error shape", async () => {
    await fc.assert(
      fc.asyncProperty(method, target, async (m, tgt) => {
        checkAnswer(await rawHttp(t.gateway.port, request(m, tgt, []), { endAfterWrite: true }));
      }),
      params,
    );
    await expectAlive();
  });

  it("random headers get a success or the one error shape", async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        fc.constantFrom("/health", "/rpc", "/ws", "/hostile/throw", "/nowhere"),
        fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
        async (m, tgt, headers) => {
          checkAnswer(await rawHttp(t.gateway.port, request(m, tgt, headers), { endAfterWrite: true }));
        },
      ),
      params,
    );
    await expectAlive();
  });

  it("random POST /rpc bodies and content types get a success or the one error shape", async () => {
    const body = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ method: "health", params: v })),
      fc
        .record({
          method: fc.constantFrom("health", "hostile.ok", "hostile.bigint", "hostile.circular", "nope", ""),
          params: fc.anything(),
        })
        .map((v) => {
          try {
            return JSON.stringify(v);
          } catch {
            return "{}";
          }
        }),
      fc.string({ maxLength: 200 }),
    );
    const contentType = fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "text/plain",
      "application/x-www-form-urlencoded",
      "",
      "application/json; charset=latin1",
    );
    await fc.assert(
      fc.asyncProperty(body, contentType, fc.boolean(), async (text, type, authorized) => {
        const headers: Array<[string, string]> = [
          ["Content-Length", String(Buffer.byteLength(text, "latin1"))],
        ];
        if (type !== "") headers.push(["Content-Type", type]);
        if (authorized) headers.push(["Authorization", `Bearer ${t.token}`]);
        checkAnswer(
          await rawHttp(t.gateway.port, request("POST", "/rpc", headers, text), { endAfterWrite: true }),
        );
      }),
      params,
    );
    await expectAlive();
  });

  it("random upgrade targets get 101 on /ws or the one error shape", async () => {
    await fc.assert(
      fc.asyncProperty(
        target,
        fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 }),
        async (tgt, extra) => {
          const extraLines = extra.map(([k, v]) => `${k}: ${v}`);
          const answer = await rawHttp(
            t.gateway.port,
            Buffer.from(upgradeRequest(tgt, extraLines), "latin1"),
            {
              endAfterWrite: true,
            },
          );
          checkAnswer(answer);
        },
      ),
      params,
    );
    await expectAlive();
  });
});

/** A client frame: header fields chosen freely (fin, rsv, opcode, mask bit, length form) and a payload. */
const frame = fc
  .record({
    fin: fc.boolean(),
    rsv: fc.integer({ min: 0, max: 7 }),
    opcode: fc.integer({ min: 0, max: 15 }),
    masked: fc.boolean(),
    payload: fc.uint8Array({ maxLength: 200 }),
    lengthForm: fc.constantFrom("exact", "16", "64", "huge"),
  })
  .map(({ fin, rsv, opcode, masked, payload, lengthForm }) => {
    const first = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
    const mask = masked ? Buffer.from([7, 1, 3, 9]) : Buffer.alloc(0);
    const body = Buffer.from(payload.map((b, i) => (masked ? b ^ (mask[i % 4] as number) : b)));
    let length: Buffer;
    if (lengthForm === "exact" && body.length < 126) length = Buffer.from([body.length]);
    else if (lengthForm === "16" || lengthForm === "exact") {
      length = Buffer.alloc(3);
      length[0] = 126;
      length.writeUInt16BE(body.length, 1);
    } else {
      length = Buffer.alloc(9);
      length[0] = 127;
      length.writeBigUInt64BE(lengthForm === "huge" ? 2n ** 62n : BigInt(body.length), 1);
    }
    length[0] = (length[0] as number) | (masked ? 0x80 : 0);
    return Buffer.concat([Buffer.from([first]), length, mask, body]);
  });

const ALLOWED_CLOSE_CODES = [1000, 1002, 1007, 1008, 1009, 4401, 4408];

describe("hostile WebSocket frames (property-based)", () => {
  it("random frames close at most their own connection, with a protocol close code", async () => {
    const bystander = new WebSocket(`${t.gateway.url.replace("http", "ws")}/ws`, {
      headers: { authorization: `Bearer ${t.token}` },
    });
    await new Promise((resolve) => bystander.once("open", resolve));
    let nextId = 0;
    const ask = (): Promise<{ ok: boolean }> => {
      nextId += 1;
      const id = nextId;
      return new Promise((resolve) => {
        const onMessage = (data: unknown): void => {
          const reply = JSON.parse(String(data)) as { id: number; ok: boolean };
          if (reply.id !== id) return;
          bystander.off("message", onMessage);
          resolve(reply);
        };
        bystander.on("message", onMessage);
        bystander.send(JSON.stringify({ type: "req", id, method: "hostile.ok" }));
      });
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(frame, fc.uint8Array({ minLength: 1, maxLength: 64 }).map(Buffer.from)), {
          minLength: 1,
          maxLength: 4,
        }),
        async (frames) => {
          const raw = await openRawWebSocket(t.gateway.port);
          raw.socket.end(Buffer.concat(frames));
          const code = await raw.closeCode;
          if (code !== undefined) expect(ALLOWED_CLOSE_CODES).toContain(code);
          expect(await ask()).toMatchObject({ ok: true });
        },
      ),
      params,
    );
    bystander.close();
    await expectAlive();
  });

  it("a connection reset at any byte of the handshake leaves the gateway serving", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: upgradeRequest("/ws").length }), async (cut) => {
        await new Promise<void>((resolve) => {
          const socket = connect(t.gateway.port, "127.0.0.1", () => {
            socket.write(upgradeRequest("/ws").slice(0, cut), () => {
              socket.resetAndDestroy();
              resolve();
            });
          });
          socket.on("error", () => resolve());
        });
      }),
      params,
    );
    await expectAlive();
  });
});
