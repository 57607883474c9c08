import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHome, type Home, openclaw, type RunningGateway, startGateway } from "./helpers.js";

let home: Home;
let gateway: RunningGateway | undefined;

beforeAll(() => {
  home = createHome({ bundled: false });
});

afterAll(async () => {
  await gateway?.stop();
  home?.cleanup();
});

describe("one gateway per state dir", () => {
  it("a second `openclaw gateway` refuses with GATEWAY_STATE_DIR_LOCKED naming the first, which keeps runtime.json", async () => {
    gateway = await startGateway(home);
    const runtimeFile = join(home.stateDir, "gateway/runtime.json");
    const before = readFileSync(runtimeFile, "utf8");
    const second = await openclaw(home, ["gateway", "--port", "0"]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain("GATEWAY_STATE_DIR_LOCKED");
    expect(second.stderr).toContain(`pid ${gateway.process.pid} listening on ${gateway.url}`);
    expect(readFileSync(runtimeFile, "utf8")).toBe(before);
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
  });

  it("a gateway killed with SIGKILL does not block the next one for longer than the lock's staleness", async () => {
    gateway ??= await startGateway(home);
    gateway.process.kill("SIGKILL");
    await new Promise((resolve) => gateway?.process.once("exit", resolve));
    const killedAt = Date.now();
    gateway = await startGateway(home);
    // 10 s staleness (DEFAULT_STATE_LOCK_STALE_MS) plus start-up time.
    expect(Date.now() - killedAt).toBeLessThan(25_000);
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
  });
});
