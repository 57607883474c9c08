import { OpenClawError, type OpenClawErrorJSON } from "@openclaw/plugin-sdk/core";
import type { RawData } from "ws";
import type { RpcResponse } from "../rpc.js";
import { encodeJson } from "../rpc-encoding.js";

/** A frame the client sends: `{ type: "req", id, method, params? }`. */
export interface RequestFrame {
  type: "req";
  id: string | number;
  method: string;
  params?: Record<string, unknown>;
}

/** A frame the server sends in reply: `{ type: "res", id, ok, payload? , error? }`. */
export interface ResponseFrame {
  type: "res";
  id: string | number | null;
  ok: boolean;
  payload?: unknown;
  error?: OpenClawErrorJSON;
}

/** A frame the server pushes: `{ type: "event", event, payload, seq }`. */
export interface EventFrame {
  type: "event";
  event: string;
  payload?: unknown;
  /** Increases by one per event on this connection. */
  seq: number;
}

/** The error response frame for request `id`. */
export function errorFrame(id: string | number | null, error: OpenClawError): ResponseFrame {
  return { type: "res", id, ok: false, error: error.toJSON() };
}

/** The response frame for request `id` carrying an RPC response. */
export function responseFrame(id: string | number, response: RpcResponse): ResponseFrame {
  return response.ok
    ? { type: "res", id, ok: true, payload: response.payload }
    : { type: "res", id, ok: false, error: response.error };
}

/**
 * Parses one client message into a {@link RequestFrame}, or the `GATEWAY_BAD_REQUEST` error frame
 * to answer it with (`id: null` when the message is not JSON or has no usable id).
 */
export function parseRequestFrame(data: RawData): { frame: RequestFrame } | { reply: ResponseFrame } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.isBuffer(data) ? data.toString("utf8") : String(data));
  } catch {
    return { reply: errorFrame(null, new OpenClawError("GATEWAY_BAD_REQUEST", "frame is not JSON")) };
  }
  const frame = (typeof value === "object" && value !== null ? value : {}) as Partial<RequestFrame>;
  const id = typeof frame.id === "string" || typeof frame.id === "number" ? frame.id : null;
  if (frame.type !== "req" || id === null || typeof frame.method !== "string") {
    const error = new OpenClawError(
      "GATEWAY_BAD_REQUEST",
      'expected { "type": "req", "id", "method", "params"? }',
    );
    return { reply: errorFrame(id, error) };
  }
  return { frame: frame as RequestFrame };
}

/**
 * A frame as JSON text. A response whose payload or error JSON cannot encode (a BigInt, a circular
 * reference, a throwing `toJSON`) becomes a `GATEWAY_PAYLOAD_UNSERIALIZABLE` error frame for the same
 * id; an event that cannot encode yields `undefined` (the caller logs and skips it).
 */
export function encodeFrame(frame: ResponseFrame | EventFrame): string | undefined {
  const encoded = encodeJson(frame);
  if (encoded.ok) return encoded.json;
  if (frame.type === "event") return undefined;
  return JSON.stringify(errorFrame(frame.id, encoded.error));
}
