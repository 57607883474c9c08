import { basename, dirname } from "node:path";
import type { CallStoreIo } from "../src/call-store-io.js";

interface Inode {
  /** What the page cache holds (what a reader sees now). */
  data: Buffer;
  /** What reached the platter (survives a power cut). */
  synced: Buffer;
}

/**
 * An in-memory disk for {@link CallStoreIo} that models a power cut: file contents reach "the platter"
 * only on fsync, directory entries (create, rename) only on a directory fsync. `powerCut()` returns a
 * fresh disk holding only what was synced, plus optionally a torn prefix of a file's unsynced tail
 * (a partially flushed page). `failWrites` makes writes short and then fail, as on a full disk.
 */
export class SimulatedDisk implements CallStoreIo {
  readonly #entries = new Map<string, Inode>();
  #syncedEntries = new Map<string, Inode>();
  readonly #fds = new Map<number, { inode: Inode; path: string }>();
  #nextFd = 3;
  /** Total bytes that may still be written before writes fail with ENOSPC (Infinity: unlimited). */
  spaceLeft = Number.POSITIVE_INFINITY;
  /** Called after every operation that changes the disk (to take a power-cut snapshot there). */
  onOperation: (() => void) | undefined;

  #changed(): void {
    this.onOperation?.();
  }

  mkdir(): void {}

  readFile(path: string): Buffer | undefined {
    const inode = this.#entries.get(path);
    return inode ? Buffer.from(inode.data) : undefined;
  }

  open(path: string, flags: "a+" | "w"): number {
    let inode = this.#entries.get(path);
    if (!inode || flags === "w") {
      inode = { data: Buffer.alloc(0), synced: Buffer.alloc(0) };
      this.#entries.set(path, inode);
    }
    const fd = this.#nextFd++;
    this.#fds.set(fd, { inode, path });
    this.#changed();
    return fd;
  }

  #inode(fd: number): Inode {
    const entry = this.#fds.get(fd);
    if (!entry) throw Object.assign(new Error("bad fd"), { code: "EBADF" });
    return entry.inode;
  }

  write(fd: number, buffer: Buffer, offset: number, length: number): number {
    const inode = this.#inode(fd);
    if (this.spaceLeft <= 0) throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    const n = Math.min(length, this.spaceLeft);
    this.spaceLeft -= n;
    inode.data = Buffer.concat([inode.data, buffer.subarray(offset, offset + n)]);
    this.#changed();
    return n;
  }

  fsync(fd: number): void {
    const inode = this.#inode(fd);
    inode.synced = Buffer.from(inode.data);
    this.#changed();
  }

  fsyncDir(dir: string): void {
    for (const [path, inode] of this.#entries)
      if (dirname(path) === dir) this.#syncedEntries.set(path, inode);
    for (const path of [...this.#syncedEntries.keys()])
      if (dirname(path) === dir && !this.#entries.has(path)) this.#syncedEntries.delete(path);
    this.#changed();
  }

  ftruncate(fd: number, length: number): void {
    const inode = this.#inode(fd);
    inode.data = inode.data.subarray(0, length);
    this.#changed();
  }

  size(fd: number): number {
    return this.#inode(fd).data.length;
  }

  rename(from: string, to: string): void {
    const inode = this.#entries.get(from);
    if (!inode) throw Object.assign(new Error(`no such file ${basename(from)}`), { code: "ENOENT" });
    this.#entries.delete(from);
    this.#entries.set(to, inode);
    this.#changed();
  }

  close(fd: number): void {
    this.#fds.delete(fd);
  }

  /**
   * The disk after a power cut now: only synced directory entries and synced bytes, plus
   * `tornBytes` of each file's unsynced tail (a partially written page).
   */
  powerCut(tornBytes = 0): SimulatedDisk {
    const after = new SimulatedDisk();
    // A file created and synced but whose directory entry was never synced is lost; a file whose
    // entry was synced before keeps it. Files never listed in a synced directory vanish.
    for (const [path, inode] of this.#syncedEntries) {
      const tail = inode.data.subarray(inode.synced.length, inode.synced.length + tornBytes);
      const data = Buffer.concat([inode.synced, tail]);
      const copy = { data, synced: Buffer.from(data) };
      after.#entries.set(path, copy);
      after.#syncedEntries.set(path, copy);
    }
    return after;
  }

  /** Marks every current directory entry as synced (a disk that existed before the test). */
  settle(): void {
    for (const [path, inode] of this.#entries) this.#syncedEntries.set(path, inode);
  }
}
