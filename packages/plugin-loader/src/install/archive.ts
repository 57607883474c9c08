import { posix } from "node:path";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";

/** Limits applied while reading an archive. */
export interface ArchiveLimits {
  /** Total unpacked bytes; default 512 MiB. */
  maxTotalBytes: number;
  /** Number of entries; default 50 000. */
  maxEntries: number;
}

/** Default {@link ArchiveLimits}: 512 MiB unpacked, 50 000 entries. */
export const DEFAULT_LIMITS: ArchiveLimits = { maxTotalBytes: 512 * 1024 * 1024, maxEntries: 50_000 };

/** True when an entry path is absolute, a drive path, or climbs out of the root with `..`. */
export function unsafePath(path: string): boolean {
  const normalized = posix.normalize(path.replace(/\\/g, "/"));
  return (
    path.startsWith("/") || /^[A-Za-z]:/.test(path) || normalized === ".." || normalized.startsWith("../")
  );
}

/** True when a link target, read lexically from the entry's directory, is absolute or leaves the root. */
export function linkEscapes(entryPath: string, target: string): boolean {
  if (target.startsWith("/")) return true;
  const resolved = posix.normalize(posix.join(posix.dirname(entryPath.replace(/\\/g, "/")), target));
  return resolved === ".." || resolved.startsWith("../");
}

/**
 * Checks every entry of a `.tgz`/`.tar.gz`/`.tar` archive before anything is written, then extracts it
 * into `destDir`. The whole archive is refused when any entry would land outside the root (`..`,
 * absolute paths, links pointing outside) or the limits are exceeded.
 * @throws {@link OpenClawError} `INSTALL_ARCHIVE_INVALID`.
 */
export async function extractTarball(
  file: string,
  destDir: string,
  limits: ArchiveLimits = DEFAULT_LIMITS,
): Promise<void> {
  const tar = await import("tar");
  let total = 0;
  let count = 0;
  let problem: string | undefined;
  try {
    await tar.t({
      file,
      onReadEntry(entry) {
        count++;
        total += entry.size ?? 0;
        if (problem) return;
        if (unsafePath(entry.path)) problem = `entry escapes the archive root: ${entry.path}`;
        else if (
          (entry.type === "SymbolicLink" || entry.type === "Link") &&
          entry.linkpath &&
          linkEscapes(entry.path, entry.linkpath)
        ) {
          problem = `link points outside the archive root: ${entry.path} -> ${entry.linkpath}`;
        } else if (count > limits.maxEntries) problem = `archive has more than ${limits.maxEntries} entries`;
        else if (total > limits.maxTotalBytes)
          problem = `archive unpacks to more than ${limits.maxTotalBytes} bytes`;
      },
    });
  } catch (error) {
    throw new OpenClawError(
      "INSTALL_ARCHIVE_INVALID",
      `cannot read archive ${file}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: "The file is not a valid .tgz/.tar archive; re-create it with `npm pack`.",
      },
    );
  }
  if (count === 0) problem ??= "archive is empty";
  if (problem) {
    throw new OpenClawError("INSTALL_ARCHIVE_INVALID", `refused archive ${file}: ${problem}`, {
      hint: "Nothing was extracted. Only install archives you trust, built with `npm pack`.",
    });
  }
  try {
    await tar.x({ file, cwd: destDir, strict: true, preservePaths: false });
  } catch (error) {
    throw new OpenClawError(
      "INSTALL_ARCHIVE_INVALID",
      `cannot extract archive ${file}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
}
