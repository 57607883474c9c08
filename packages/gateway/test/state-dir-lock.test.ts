import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHostLogger } from "@openclaw/plugin-loader";
import { afterEach, describe, expect, it } from "vitest";
import { readRuntimeInfo, startGateway } from "../src/index.js";
import { startTestGateway, type TestGateway } from "./support/test-gateway.js";

const silent = createHostLogger({ level: "silent" });
let running: TestGateway | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A pid that certainly belongs to no process any more: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("state-dir lock", () => {
  it("refuses a second gateway on the same state dir, naming the first's pid and URL, and leaves runtime.json alone", async () => {
    running = await startTestGateway();
    const runtimeFile = join(running.stateDir, "gateway/runtime.json");
    const before = readFileSync(runtimeFile, "utf8");
    const second = startGateway({ version: "0.0.0-test", port: 0, env: running.env, logger: silent });
    await expect(second).rejects.toMatchObject({
      code: "GATEWAY_STATE_DIR_LOCKED",
      details: { pid: process.pid, url: running.gateway.url },
    });
    await expect(second).rejects.toThrow(`pid ${process.pid} listening on ${running.gateway.url}`);
    expect(readFileSync(runtimeFile, "utf8")).toBe(before);
    expect((await readRuntimeInfo(running.stateDir))?.url).toBe(running.gateway.url);
    expect((await fetch(`${running.gateway.url}/health`)).status).toBe(200);
  });

  it("releases the lock on close, so the next gateway starts", async () => {
    running = await startTestGateway();
    const { env, stateDir } = running;
    await running.gateway.close();
    const next = await startGateway({ version: "0.0.0-test", port: 0, env, logger: silent });
    expect((await readRuntimeInfo(stateDir))?.url).toBe(next.url);
    await next.close();
  });

  it("takes over the lock of a gateway that was killed (owner pid gone) once it is stale", async () => {
    running = await startTestGateway();
    const { env, stateDir } = running;
    await running.gateway.close();
    // What kill -9 leaves behind: the lock directory (fresh mtime) and the owner record of a dead pid.
    mkdirSync(join(stateDir, "gateway/gateway.lock"));
    const pid = deadPid();
    writeFileSync(
      join(stateDir, "gateway/lock-owner.json"),
      JSON.stringify({ pid, lockedAt: new Date().toISOString() }),
    );
    const next = await startGateway({
      version: "0.0.0-test",
      port: 0,
      env,
      logger: silent,
      stateLockStaleMs: 2000,
    });
    expect((await readRuntimeInfo(stateDir))?.pid).toBe(process.pid);
    expect(JSON.parse(readFileSync(join(stateDir, "gateway/lock-owner.json"), "utf8")).pid).toBe(process.pid);
    await next.close();
  });
});
