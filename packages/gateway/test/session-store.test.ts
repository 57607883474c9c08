import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SessionStore, sessionFileName } from "../src/agent/session-store.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function store(): SessionStore {
  dir = mkdtempSync(join(tmpdir(), "openclaw-sessions-"));
  return new SessionStore(dir);
}

describe("SessionStore", () => {
  it("cuts a torn tail at the last newline byte, even inside a multi-byte character", async () => {
    const sessions = store();
    await sessions.ensure("voice:1555");
    await sessions.append("voice:1555", { role: "user", content: "héllo 👋" });
    const file = sessions.fileFor("voice:1555");
    const intact = readFileSync(file);
    // A crash mid-append: half of a line whose last bytes split the 4-byte emoji.
    const torn = Buffer.from(
      `${JSON.stringify({ type: "message", message: { role: "assistant", content: "👋👋" } })}\n`,
    ).subarray(0, 60);
    appendFileSync(file, torn);
    const read = await sessions.read("voice:1555");
    expect(read.repairedBytes).toBe(torn.length);
    expect(read.messages).toEqual([{ role: "user", content: "héllo 👋" }]);
    expect(readFileSync(file).equals(intact)).toBe(true);
    await sessions.append("voice:1555", { role: "assistant", content: "ok" });
    expect((await sessions.read("voice:1555")).messages.map((m) => m.content)).toEqual(["héllo 👋", "ok"]);
  });

  it("keeps every key inside the sessions directory", () => {
    expect(sessionFileName("../../etc/passwd")).toBe("%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.jsonl");
    expect(sessionFileName("voice:15550001234")).toBe("voice%3A15550001234.jsonl");
    expect(() => store().fileFor("bad\nkey")).toThrow(
      expect.objectContaining({ code: "AGENT_INVALID_PARAMS" }),
    );
  });

  it("lists sessions and resets one by renaming it aside", async () => {
    const sessions = store();
    await sessions.append("a", { role: "user", content: "1" });
    await sessions.append("b/c", { role: "user", content: "2" });
    expect((await sessions.list()).map((s) => s.sessionKey).sort()).toEqual(["a", "b/c"]);
    const { archivedTo } = await sessions.reset("b/c");
    expect(readFileSync(archivedTo, "utf8")).toContain('"content":"2"');
    expect((await sessions.list()).map((s) => s.sessionKey)).toEqual(["a"]);
    await expect(sessions.reset("b/c")).rejects.toMatchObject({ code: "AGENT_SESSION_NOT_FOUND" });
  });

  it("records the owner in the header of a new session only, and removes or archives a session", async () => {
    const sessions = store();
    await sessions.ensure("owned", { owner: "plugin:p" });
    await sessions.ensure("owned", { owner: "plugin:q" });
    const header = JSON.parse(readFileSync(sessions.fileFor("owned"), "utf8").split("\n")[0] as string);
    expect(header).toMatchObject({ type: "session", sessionKey: "owned", owner: "plugin:p" });
    expect((await sessions.read("owned")).owner).toBe("plugin:p");
    await sessions.ensure("user");
    expect((await sessions.read("user")).owner).toBeUndefined();
    expect(await sessions.remove("owned")).toEqual({ deleted: true });
    expect(existsSync(sessions.fileFor("owned"))).toBe(false);
    expect(await sessions.remove("owned")).toEqual({ deleted: false });
    const archived = await sessions.remove("user", { archive: true });
    expect(archived.deleted).toBe(true);
    expect(readFileSync(archived.archivedTo as string, "utf8")).toContain('"type":"session"');
    expect(existsSync(sessions.fileFor("user"))).toBe(false);
  });
});
