import { realpathSync, statSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import type { PluginOrigin } from "@openclaw/plugin-registry";

/** True when `child` is `parent` or inside it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Why a candidate must not be admitted, or `undefined` when it is safe: its entry escapes the plugin
 * root after symlink resolution, a path is world-writable, or (non-bundled) owned by another user.
 */
export function candidateBlockReason(
  rootDir: string,
  source: string,
  origin: PluginOrigin,
  uid: number | undefined = process.getuid?.(),
): { reason: string; hint: string } | undefined {
  let realRoot: string;
  let realSource: string;
  try {
    realRoot = realpathSync(rootDir);
    realSource = realpathSync(source);
  } catch (error) {
    // Fail closed: a path whose real location cannot be established is not admitted.
    return {
      reason: `cannot resolve the real path of ${source}: ${(error as Error).message}`,
      hint: "Fix the broken symlink or the permissions on the plugin directory.",
    };
  }
  if (!isInside(realRoot, realSource)) {
    return {
      reason: `entry escapes plugin root (${source} -> ${realSource}; root=${realRoot})`,
      hint: "Keep every entry file inside the plugin directory; symlinks must point inside it too.",
    };
  }
  if (process.platform === "win32") return undefined;
  for (const path of new Set([realRoot, realSource])) {
    const stat = statSync(path);
    if ((stat.mode & 0o002) !== 0) {
      return {
        reason: `world-writable path (${path}, mode=${(stat.mode & 0o777).toString(8)})`,
        hint: `Run: chmod o-w ${JSON.stringify(path)}`,
      };
    }
    if (origin !== "bundled" && uid !== undefined && stat.uid !== uid && stat.uid !== 0) {
      return {
        reason: `suspicious ownership (${path}, uid=${stat.uid}, expected uid=${uid} or root)`,
        hint: `Run: chown -R ${uid} ${JSON.stringify(path)} (or install the plugin as the user that runs OpenClaw)`,
      };
    }
  }
  return undefined;
}
