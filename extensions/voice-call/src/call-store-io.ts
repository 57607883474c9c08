import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";

/**
 * The file operations {@link CallStore} performs, so a test can stand in for the disk (a full disk,
 * short writes, a power cut that drops everything not fsynced). Mirrors the synchronous `node:fs` API.
 */
export interface CallStoreIo {
  mkdir(dir: string): void;
  /** The whole file, or undefined when it does not exist. */
  readFile(path: string): Buffer | undefined;
  /** Opens for appending (`a+`, created with mode 0600) or writing (`w`). */
  open(path: string, flags: "a+" | "w"): number;
  /** Writes up to `length` bytes of `buffer` from `offset`; returns how many were written. */
  write(fd: number, buffer: Buffer, offset: number, length: number): number;
  fsync(fd: number): void;
  /** Flushes a directory entry change (a rename) to disk. */
  fsyncDir(dir: string): void;
  ftruncate(fd: number, length: number): void;
  size(fd: number): number;
  rename(from: string, to: string): void;
  close(fd: number): void;
}

/** {@link CallStoreIo} over `node:fs`. */
export const nodeCallStoreIo: CallStoreIo = {
  mkdir: (dir) => mkdirSync(dir, { recursive: true, mode: 0o700 }),
  readFile(path) {
    try {
      return readFileSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  },
  open: (path, flags) => openSync(path, flags, 0o600),
  write: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length),
  fsync: (fd) => fsyncSync(fd),
  fsyncDir(dir) {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } catch (error) {
      // Some filesystems (and Windows) refuse fsync on a directory; the rename is still atomic.
      if (!["EINVAL", "EPERM", "EISDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
    } finally {
      closeSync(fd);
    }
  },
  ftruncate: (fd, length) => ftruncateSync(fd, length),
  size: (fd) => fstatSync(fd).size,
  rename: (from, to) => renameSync(from, to),
  close: (fd) => closeSync(fd),
};

/**
 * Writes all of `data`, continuing after short writes.
 * @throws the write's own error (e.g. `ENOSPC`), or an `EIO`-coded error when a write makes no progress.
 */
export function writeFully(io: CallStoreIo, fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) {
    const n = io.write(fd, data, written, data.length - written);
    if (n <= 0) throw Object.assign(new Error("write made no progress"), { code: "EIO" });
    written += n;
  }
}
