import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake carrier API received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A fake carrier REST API on a random loopback port: records requests, answers from a route table. */
export interface FakeCarrier {
  url: string;
  requests: RecordedRequest[];
  /** Resolves with the first request (already received or still to come) that matches. */
  waitFor(match: (req: RecordedRequest) => boolean): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/** Starts a fake carrier; `route` returns `[status, json]` for each request. */
export async function startFakeCarrier(
  route: (req: RecordedRequest) => [number, unknown],
): Promise<FakeCarrier> {
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ match: (req: RecordedRequest) => boolean; resolve(req: RecordedRequest): void }> =
    [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
      requests.push(recorded);
      for (const waiter of waiters.filter((w) => w.match(recorded))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
      const [status, payload] = route(recorded);
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitFor: (match) => {
      const seen = requests.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
