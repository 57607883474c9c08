/** A coded error from the gateway: `{ code, message, hint?, details? }` (docs/errors.md lists codes). */
export class GatewayError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(error: { code?: string; message?: string; hint?: string; details?: Record<string, unknown> }) {
    super(error.message ?? "request failed");
    this.code = error.code ?? "GATEWAY_METHOD_FAILED";
    this.hint = error.hint;
    this.details = error.details;
  }
}

/** Listener of gateway event frames: `{ type: "event", event, payload, seq }`. */
export type EventListener = (event: string, payload: unknown) => void;

interface Pending {
  resolve(payload: unknown): void;
  reject(error: Error): void;
}

/** Close code the gateway uses for a bad token (docs/gateway-rpc.md). */
export const CLOSE_UNAUTHORIZED = 4401;

/**
 * RPC over the gateway's WebSocket `/ws` (docs/gateway-rpc.md): authenticates with a first `connect`
 * frame carrying the token (never in the URL), sends `{ type: "req", id, method, params }` frames and
 * matches `res` frames by id, and hands `event` frames to listeners. When the socket drops it
 * reconnects after 1 s, doubling up to 15 s, unless the token was refused.
 */
export class GatewayClient {
  readonly #url: string;
  readonly #token: string;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<EventListener>();
  #socket: WebSocket | undefined;
  #nextId = 1;
  #closed = false;
  #retryMs = 1000;
  #ready: Promise<void> | undefined;
  /** Called when the connection state changes: "open", "reconnecting", or "unauthorized". */
  onState: (state: "open" | "reconnecting" | "unauthorized") => void = () => undefined;

  constructor(url: string, token: string) {
    this.#url = url;
    this.#token = token;
  }

  /** The `/ws` URL of the gateway that served this page. */
  static urlFor(location: Location): string {
    return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
  }

  /** Opens the socket and authenticates; rejects with `GATEWAY_UNAUTHORIZED` for a bad token. */
  connect(): Promise<void> {
    this.#ready = new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.#url);
      this.#socket = socket;
      socket.onopen = () => {
        this.#send("connect", { auth: { token: this.#token } }).then(() => {
          this.#retryMs = 1000;
          this.onState("open");
          resolve();
        }, reject);
      };
      socket.onmessage = (message) => this.#receive(String(message.data));
      socket.onclose = (event) => this.#dropped(event.code, reject);
    });
    return this.#ready;
  }

  #dropped(code: number, reject: (error: Error) => void): void {
    const error = new GatewayError({
      code: code === CLOSE_UNAUTHORIZED ? "GATEWAY_UNAUTHORIZED" : "GATEWAY_UNREACHABLE",
      message:
        code === CLOSE_UNAUTHORIZED ? "the gateway refused this token" : "connection to the gateway lost",
    });
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    reject(error);
    if (this.#closed) return;
    if (code === CLOSE_UNAUTHORIZED) {
      this.onState("unauthorized");
      return;
    }
    this.onState("reconnecting");
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, 15_000);
    setTimeout(() => {
      if (!this.#closed) this.connect().catch(() => undefined);
    }, delay);
  }

  #receive(text: string): void {
    let frame: {
      type?: string;
      id?: unknown;
      ok?: boolean;
      payload?: unknown;
      error?: object;
      event?: string;
    };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (frame.type === "event" && typeof frame.event === "string") {
      for (const listener of this.#listeners) listener(frame.event, frame.payload);
      return;
    }
    if (frame.type !== "res" || typeof frame.id !== "number") return;
    const pending = this.#pending.get(frame.id);
    if (!pending) return;
    this.#pending.delete(frame.id);
    if (frame.ok) pending.resolve(frame.payload);
    else pending.reject(new GatewayError(frame.error ?? {}));
  }

  #send(method: string, params: Record<string, unknown>): Promise<unknown> {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new GatewayError({ code: "GATEWAY_UNREACHABLE", message: "not connected" }));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ type: "req", id, method, params }));
    });
  }

  /**
   * Calls an RPC method once connected; resolves with its payload.
   * @throws {@link GatewayError} with the gateway's code (e.g. `CONFIG_CONFLICT`).
   */
  async call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    await this.#ready;
    return (await this.#send(method, params)) as T;
  }

  /** Adds an event listener; returns a function that removes it. */
  on(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes the socket for good (logout). */
  close(): void {
    this.#closed = true;
    this.#socket?.close();
  }
}
