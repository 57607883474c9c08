import { posix } from "node:path";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";

/** Limits applied while reading an archive. */
export interface ArchiveLimits {
  /** Total unpacked bytes; default 512 MiB. */
  maxTotalBytes: number;
  /** Number of entries; default 50 000. */
  maxEntries: number;
}

const DEFAULT_LIMITS: ArchiveLimits = { maxTotalBytes: 512 * 1024 * 1024, maxEntries: 50_000 };

function unsafePath(path: string): boolean {
  const normalized = posix.normalize(path.replace(/\\/g, "/"));
  return (
    path.startsWith("/") || /^[A-Za-z]:/.test(path) || normalized === ".." || normalized.startsWith("../")
  );
}

function linkEscapes(entryPath: string, target: string): boolean {
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

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Checks every entry of a `.zip` archive (central directory first: paths, links, counts and declared
 * sizes), then extracts it into `destDir` while counting the bytes actually inflated, so an archive
 * that lies about its sizes (a decompression bomb) is stopped at the limit. The whole archive is
 * refused when any entry would land outside the root.
 * @throws {@link OpenClawError} `INSTALL_ARCHIVE_INVALID`.
 */
export async function extractZip(
  file: string,
  destDir: string,
  limits: ArchiveLimits = DEFAULT_LIMITS,
): Promise<void> {
  const yauzl = (await import("yauzl")).default;
  const { mkdir, writeFile, symlink } = await import("node:fs/promises");
  const { dirname, join } = await import("node:path");
  type ZipFile = import("yauzl").ZipFile;
  type Entry = import("yauzl").Entry;
  const open = (): Promise<ZipFile> =>
    new Promise((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (error, zip) =>
        error || !zip ? reject(error) : resolve(zip),
      ),
    );
  const readEntry = (zip: ZipFile, entry: Entry, budget: { bytes: number }): Promise<Buffer> =>
    new Promise((resolve, reject) =>
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(error);
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => {
          budget.bytes -= chunk.length;
          if (budget.bytes < 0)
            stream.destroy(new Error(`archive unpacks to more than ${limits.maxTotalBytes} bytes`));
          else chunks.push(chunk);
        });
        stream.on("error", reject);
        stream.on("end", () => resolve(Buffer.concat(chunks)));
      }),
    );
  const walk = async (visit: (zip: ZipFile, entry: Entry) => Promise<void>): Promise<void> => {
    const zip = await open();
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: Entry) => {
        visit(zip, entry).then(
          () => zip.readEntry(),
          (error) => {
            zip.close();
            reject(error);
          },
        );
      });
      zip.readEntry();
    });
  };
  const isLink = (entry: Entry): boolean => ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
  let count = 0;
  let declared = 0;
  const check = { bytes: limits.maxTotalBytes };
  try {
    await walk(async (zip, entry) => {
      count++;
      declared += entry.uncompressedSize;
      if (unsafePath(entry.fileName)) throw new Error(`entry escapes the archive root: ${entry.fileName}`);
      if (count > limits.maxEntries) throw new Error(`archive has more than ${limits.maxEntries} entries`);
      if (declared > limits.maxTotalBytes)
        throw new Error(`archive unpacks to more than ${limits.maxTotalBytes} bytes`);
      if (isLink(entry)) {
        const target = (await readEntry(zip, entry, check)).toString("utf8");
        if (linkEscapes(entry.fileName, target))
          throw new Error(`link points outside the archive root: ${entry.fileName} -> ${target}`);
      }
    });
    if (count === 0) throw new Error("archive is empty");
  } catch (error) {
    throw new OpenClawError("INSTALL_ARCHIVE_INVALID", `refused archive ${file}: ${errorMessage(error)}`, {
      cause: error,
      hint: "Nothing was extracted. Only install archives you trust.",
    });
  }
  const budget = { bytes: limits.maxTotalBytes };
  try {
    await walk(async (zip, entry) => {
      const target = join(destDir, entry.fileName);
      if (entry.fileName.endsWith("/")) {
        await mkdir(target, { recursive: true });
        return;
      }
      await mkdir(dirname(target), { recursive: true });
      const data = await readEntry(zip, entry, budget);
      if (isLink(entry)) await symlink(data.toString("utf8"), target);
      else await writeFile(target, data, { mode: (entry.externalFileAttributes >>> 16) & 0o777 || 0o644 });
    });
  } catch (error) {
    throw new OpenClawError(
      "INSTALL_ARCHIVE_INVALID",
      `cannot extract archive ${file}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: "Nothing was installed.",
      },
    );
  }
}
