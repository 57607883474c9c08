import { isMainThread, Worker } from "node:worker_threads";
import type { PluginRoot } from "./fault-attribution.js";
import { GUARDED_SCRIPT_NAME } from "./watchdog-window.js";

/** A running event-loop watchdog (see {@link startLoopWatchdog}). */
export interface LoopWatchdog {
  /** The plugins whose code the watchdog may blame (ids and root directories). */
  setPluginRoots(roots: readonly PluginRoot[]): void;
  /** Stops the watchdog thread. */
  stop(): Promise<void>;
}

/** Options of {@link startLoopWatchdog}. */
export interface LoopWatchdogOptions {
  /** How long the event loop may stay blocked in plugin code before the watchdog acts, in ms. */
  stallMs: number;
  /** Exit status of the process when it ends it; default 70 (EX_SOFTWARE). */
  exitCode?: number;
}

// Runs in a worker thread (CommonJS, eval). It reads the main thread's heartbeat from shared memory;
// when the heartbeat is older than stallMs it pauses the main thread through the inspector (which
// interrupts even a busy loop), reads the paused call stack and, when the innermost plugin frame is
// not inside the V8-guarded synchronous part of a plugin call (the trampoline interrupts those
// itself), writes a coded log line naming the plugin and exits the process from the paused frame.
const WORKER_SOURCE = `
const { Session } = require("node:inspector");
const { parentPort, workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const { fileURLToPath } = require("node:url");
const { sep } = require("node:path");
const beat = new Float64Array(workerData.buffer);
const { stallMs, exitCode } = workerData;
let roots = [];
parentPort.on("message", (message) => { roots = message.roots; });
const session = new Session();
session.connectToMainThread();
const scripts = new Map();
let busy = false;
let warned = false;
const pathOf = (url) => { try { return url.startsWith("file:") ? fileURLToPath(url) : url; } catch { return url; } };
const ownerOf = (path) => roots.filter((r) => path.startsWith(r.rootDir + sep)).sort((a, b) => b.rootDir.length - a.rootDir.length)[0];
const log = (fields) => writeSync(2, JSON.stringify({ level: 50, time: Date.now(), pid: process.pid, ...fields }) + "\\n");
session.on("Debugger.scriptParsed", ({ params }) => scripts.set(params.scriptId, params.url));
session.on("Debugger.paused", ({ params }) => {
  const frames = params.callFrames.map((f) => ({ id: f.callFrameId, name: f.functionName, path: pathOf(f.url || scripts.get(f.location.scriptId) || "") }));
  const guarded = frames.some((f) => f.path === ${JSON.stringify(GUARDED_SCRIPT_NAME)});
  const culprit = frames.map((f) => ({ frame: f, root: ownerOf(f.path) })).find((c) => c.root);
  if (culprit && !guarded) {
    const blockedMs = Date.now() - beat[0];
    log({ code: "PLUGIN_EVENT_LOOP_BLOCKED", plugin: culprit.root.id, file: culprit.frame.path, function: culprit.frame.name || "<anonymous>",
      msg: "plugin " + culprit.root.id + " blocked the event loop for " + blockedMs + " ms (asynchronous code the host cannot interrupt); ending the process",
      hint: "Disable the plugin with \`openclaw plugins disable " + culprit.root.id + "\` before restarting the gateway." });
    session.post("Debugger.evaluateOnCallFrame", { callFrameId: frames[0].id, expression: "process.reallyExit(" + exitCode + ")" });
    return;
  }
  if (!culprit && !warned) {
    warned = true;
    log({ code: "GATEWAY_FATAL_ERROR", level: 40, msg: "event loop blocked for " + (Date.now() - beat[0]) + " ms outside plugin code", frames: frames.slice(0, 5).map((f) => f.name + " " + f.path) });
  }
  session.post("Debugger.resume", () => session.post("Debugger.disable", () => { busy = false; }));
});
setInterval(() => {
  if (busy || Date.now() - beat[0] < stallMs) return;
  busy = true;
  session.post("Debugger.enable", () => session.post("Debugger.pause"));
}, Math.max(50, Math.floor(stallMs / 4)));
`;

/**
 * Starts a watchdog thread for code the budget helper cannot interrupt: an infinite loop that starts
 * asynchronously in plugin code (after an `await`, in a plugin timer). When the event loop stays
 * blocked for `stallMs` inside a plugin's files, it logs `PLUGIN_EVENT_LOOP_BLOCKED` naming the plugin,
 * file and function, and ends the process with `exitCode`, so the operator knows what to disable.
 * A block outside plugin code is only logged (once). Returns `undefined` off the main thread (the
 * inspector would pause the wrong thread).
 */
export function startLoopWatchdog(options: LoopWatchdogOptions): LoopWatchdog | undefined {
  if (!isMainThread || !(options.stallMs > 0)) return undefined;
  const beat = new Float64Array(new SharedArrayBuffer(8));
  beat[0] = Date.now();
  const heartbeat = setInterval(
    () => {
      beat[0] = Date.now();
    },
    Math.max(25, Math.floor(options.stallMs / 10)),
  );
  heartbeat.unref();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { buffer: beat.buffer, stallMs: options.stallMs, exitCode: options.exitCode ?? 70 },
  });
  worker.unref();
  return {
    setPluginRoots(roots) {
      worker.postMessage({ roots: roots.map(({ id, rootDir }) => ({ id, rootDir })) });
    },
    async stop() {
      clearInterval(heartbeat);
      await worker.terminate();
    },
  };
}
