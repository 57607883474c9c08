import { constants } from "node:fs";
import { lstat, mkdir, open, realpath, stat, symlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import type { Entry, ZipFile } from "yauzl";
import { isInside } from "../control-plane/candidate-safety.js";
import { type ArchiveLimits, DEFAULT_LIMITS, linkEscapes, unsafePath } from "./archive.js";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** Longest symlink target read from an entry, in bytes (PATH_MAX on Linux). */
const MAX_LINK_TARGET_BYTES = 4096;

/** Bytes still allowed to be inflated; shared by every entry of one archive. */
interface ByteBudget {
  bytes: number;
  limit: number;
}

async function openZip(file: string): Promise<ZipFile> {
  const yauzl = (await import("yauzl")).default;
  return new Promise((done, fail) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (error, zip) =>
      error || !zip ? fail(error) : done(zip),
    ),
  );
}

/** Calls `visit` for each entry in archive order, one at a time; the first failure stops the walk. */
async function walkEntries(
  file: string,
  visit: (zip: ZipFile, entry: Entry) => Promise<void>,
): Promise<void> {
  const zip = await openZip(file);
  await new Promise<void>((done, fail) => {
    zip.on("error", fail);
    zip.on("end", () => done());
    zip.on("entry", (entry: Entry) => {
      visit(zip, entry).then(
        () => zip.readEntry(),
        (error) => {
          zip.close();
          fail(error);
        },
      );
    });
    zip.readEntry();
  });
}

function isLink(entry: Entry): boolean {
  return ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

function entryStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((done, fail) =>
    zip.openReadStream(entry, (error, stream) => (error || !stream ? fail(error) : done(stream))),
  );
}

/** A pass-through that charges every inflated byte to `budget` and fails past its limit. */
function charge(budget: ByteBudget): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, next) {
      budget.bytes -= chunk.length;
      if (budget.bytes < 0) next(new Error(`archive unpacks to more than ${budget.limit} bytes`));
      else next(null, chunk);
    },
  });
}

async function readLinkTarget(zip: ZipFile, entry: Entry, budget: ByteBudget): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of (await entryStream(zip, entry)).pipe(charge(budget))) {
    size += (chunk as Buffer).length;
    if (size > MAX_LINK_TARGET_BYTES) throw new Error(`link target of ${entry.fileName} is too long`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Pass 1, before anything is written: every path, the entry count and the declared sizes (the
 * central directory), and each link target read lexically.
 */
async function checkZipEntries(file: string, limits: ArchiveLimits): Promise<void> {
  let count = 0;
  let declared = 0;
  const budget: ByteBudget = { bytes: limits.maxTotalBytes, limit: limits.maxTotalBytes };
  await walkEntries(file, async (zip, entry) => {
    count++;
    declared += entry.uncompressedSize;
    if (unsafePath(entry.fileName)) throw new Error(`entry escapes the archive root: ${entry.fileName}`);
    if (count > limits.maxEntries) throw new Error(`archive has more than ${limits.maxEntries} entries`);
    if (declared > limits.maxTotalBytes)
      throw new Error(`archive unpacks to more than ${limits.maxTotalBytes} bytes`);
    if (!isLink(entry)) return;
    const target = await readLinkTarget(zip, entry, budget);
    if (linkEscapes(entry.fileName, target)) {
      throw new Error(`link points outside the archive root: ${entry.fileName} -> ${target}`);
    }
  });
  if (count === 0) throw new Error("archive is empty");
}

/**
 * Makes the directory `segments` below `realRoot` exist, one level at a time, following only links
 * (created by earlier entries) whose real target is a directory inside `realRoot`; returns its real
 * path. A chain of links that are each inside on their own but lead out together is caught here,
 * before any directory outside is created.
 */
async function ensureDirInside(
  realRoot: string,
  segments: readonly string[],
  entry: string,
): Promise<string> {
  let current = realRoot;
  for (const segment of segments) {
    const next = join(current, segment);
    const info = await lstat(next).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (!info) {
      await mkdir(next);
      current = next;
    } else if (info.isSymbolicLink()) {
      const real = await realpath(next).catch(() => {
        throw new Error(`entry ${entry} passes through a dangling link`);
      });
      if (!isInside(realRoot, real))
        throw new Error(`entry ${entry} passes through a link leading outside the archive root`);
      if (!(await stat(real)).isDirectory())
        throw new Error(`entry ${entry} passes through a link to a file`);
      current = real;
    } else if (info.isDirectory()) current = next;
    else throw new Error(`entry ${entry} passes through a file`);
  }
  return current;
}

/** Pass 2 for one entry: a directory, a link checked against the real directory it lands in, or a streamed file. */
async function writeZipEntry(
  zip: ZipFile,
  entry: Entry,
  realRoot: string,
  budget: ByteBudget,
): Promise<void> {
  const segments = entry.fileName
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".");
  if (entry.fileName.endsWith("/")) {
    await ensureDirInside(realRoot, segments, entry.fileName);
    return;
  }
  const name = segments.pop() as string;
  const dir = await ensureDirInside(realRoot, segments, entry.fileName);
  const target = join(dir, name);
  if (isLink(entry)) {
    const link = await readLinkTarget(zip, entry, budget);
    if (link.startsWith("/") || !isInside(realRoot, resolve(dir, link))) {
      throw new Error(`link points outside the archive root: ${entry.fileName} -> ${link}`);
    }
    await symlink(link, target);
    return;
  }
  const mode = (entry.externalFileAttributes >>> 16) & 0o777 || 0o644;
  // O_EXCL + O_NOFOLLOW: never write through a link or over an earlier entry.
  const handle = await open(
    target,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    mode,
  );
  const output = handle.createWriteStream();
  try {
    await pipeline(await entryStream(zip, entry), charge(budget), output);
  } finally {
    if (!output.closed) await handle.close().catch(() => undefined);
  }
}

function refused(
  file: string,
  error: unknown,
  phase: "refused archive" | "cannot extract archive",
): OpenClawError {
  return new OpenClawError("INSTALL_ARCHIVE_INVALID", `${phase} ${file}: ${errorMessage(error)}`, {
    cause: error,
    hint:
      phase === "refused archive"
        ? "Nothing was extracted. Only install archives you trust."
        : "Nothing was installed.",
  });
}

/**
 * Extracts a `.zip` archive into `destDir` in two passes. Pass 1 checks every entry before anything
 * is written (paths, entry count, declared sizes, link targets). Pass 2 streams each entry to disk
 * (never buffering a file whole) while counting the bytes actually inflated, so an archive that lies
 * about its sizes stops at the limit; every directory is created one level at a time, following only
 * links already created whose real target is inside `destDir`, and each link's target is checked
 * against the real directory it lands in, so no chain of links can lead a later entry outside.
 * Unlike the original, links are resolved against the links already created rather than refused.
 * @throws {@link OpenClawError} `INSTALL_ARCHIVE_INVALID`.
 */
export async function extractZip(
  file: string,
  destDir: string,
  limits: ArchiveLimits = DEFAULT_LIMITS,
): Promise<void> {
  try {
    await checkZipEntries(file, limits);
  } catch (error) {
    throw refused(file, error, "refused archive");
  }
  const budget: ByteBudget = { bytes: limits.maxTotalBytes, limit: limits.maxTotalBytes };
  try {
    const realRoot = await realpath(destDir);
    await walkEntries(file, (zip, entry) => writeZipEntry(zip, entry, realRoot, budget));
  } catch (error) {
    throw refused(file, error, "cannot extract archive");
  }
}
