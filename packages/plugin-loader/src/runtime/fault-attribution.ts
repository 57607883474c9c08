import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import { currentPluginScope } from "./plugin-call.js";

/** A plugin's id and root directory, for attributing faults by stack frames. */
export interface PluginRoot {
  id: string;
  rootDir: string;
}

const FRAME_PATH = /(?:\(|\bat\s+)(file:\/\/[^\s)]+|\/[^\s():]+)/g;

function framePaths(stack: string): string[] {
  const paths: string[] = [];
  for (const match of stack.matchAll(FRAME_PATH)) {
    const raw = match[1] as string;
    try {
      paths.push(raw.startsWith("file://") ? fileURLToPath(raw.replace(/:\d+(?::\d+)?$/, "")) : raw);
    } catch {
      // not a path after all
    }
  }
  return paths;
}

/**
 * The plugin whose files appear first in `stack` (innermost frame first), matched against each
 * plugin's root directory (longest root wins), or `undefined`.
 */
export function pluginOfStack(stack: string, roots: Iterable<PluginRoot>): string | undefined {
  const sorted = [...roots].sort((a, b) => b.rootDir.length - a.rootDir.length);
  for (const path of framePaths(stack)) {
    const owner = sorted.find((root) => path.startsWith(root.rootDir + sep));
    if (owner) return owner.id;
  }
  return undefined;
}

/**
 * Names the plugin responsible for `error` raised outside any caller's try/catch (an uncaught
 * exception, an unhandled rejection, a `process.exit` call): first the plugin call scope the code
 * runs in (AsyncLocalStorage, which follows timers, promises and event handlers the plugin started),
 * then, as a fallback, the first stack frame inside a plugin's root directory.
 */
export function attributeFault(error: unknown, roots: Iterable<PluginRoot>): string | undefined {
  return attributeFaultScope(error, roots)?.pluginId;
}

/** Like {@link attributeFault}, with the registration generation when the call scope knows it. */
export function attributeFaultScope(
  error: unknown,
  roots: Iterable<PluginRoot>,
): { pluginId: string; generation?: number } | undefined {
  const scope = currentPluginScope();
  if (scope) {
    return {
      pluginId: scope.pluginId,
      ...(scope.generation === undefined ? {} : { generation: scope.generation }),
    };
  }
  const stack = (error as { stack?: unknown } | null)?.stack;
  const pluginId = typeof stack === "string" ? pluginOfStack(stack, roots) : undefined;
  return pluginId === undefined ? undefined : { pluginId };
}
