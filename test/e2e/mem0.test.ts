// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
/**
 * `@mem0/openclaw-mem0@1.0.16`, a current third-party memory plugin: it imports `definePluginEntry`
 * from `openclaw/plugin-sdk/plugin-entry`, declares `kind: "memory"` and needs npm dependencies. It
 * must install with the CLI, register its tools and hooks in a gateway when selected for the memory
 * slot, and report (not crash on) its network calls failing: its API points at a closed loopback port.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createHome,
  type Home,
  json,
  openclaw,
  type RunningGateway,
  repoRoot,
  startGateway,
} from "./helpers.js";

const SPEC = "@mem0/openclaw-mem0@1.0.16";
const cacheDir = join(repoRoot, "node_modules/.cache/openclaw-corpus");
let home: Home;
let gateway: RunningGateway | undefined;
let tarball: string;

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  mkdirSync(cacheDir, { recursive: true });
  tarball = join(cacheDir, "mem0-openclaw-mem0-1.0.16.tgz");
  if (!existsSync(tarball)) {
    execFileSync("npm", ["pack", SPEC, "--silent", "--ignore-scripts", "--pack-destination", cacheDir], {
      stdio: "pipe",
    });
  }
  home = createHome();
  home.env.MEM0_TELEMETRY = "false";
  mkdirSync(home.stateDir, { recursive: true });
  const port = await closedPort();
  writeFileSync(
    join(home.stateDir, "openclaw.json"),
    JSON.stringify({
      plugins: {
        slots: { memory: "openclaw-mem0" },
        entries: {
          "openclaw-mem0": {
            config: { mode: "platform", apiKey: "m0-test-key", baseUrl: `http://127.0.0.1:${port}` },
          },
        },
      },
    }),
  );
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  home?.cleanup();
});

describe(SPEC, () => {
  it("installs with its npm dependencies", async () => {
    const result = await openclaw(home, ["plugins", "install", tarball, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(json<any>(result)).toMatchObject({ ok: true, id: "openclaw-mem0" });
    expect(existsSync(join(home.stateDir, "extensions/openclaw-mem0/node_modules/mem0ai/package.json"))).toBe(
      true,
    );
  }, 300_000);

  it("registers its tools and hooks in a gateway as the selected memory plugin", async () => {
    gateway = await startGateway(home);
    const list = json<{ plugins: Array<Record<string, any>> }>(
      await openclaw(home, ["plugins", "list", "--json"]),
    );
    const mem0 = list.plugins.find((p) => p.id === "openclaw-mem0");
    expect(mem0?.status, JSON.stringify(mem0?.error)).toBe("loaded");
    expect(mem0?.registrations.tools).toEqual(
      expect.arrayContaining(["memory_search", "memory_add", "memory_get"]),
    );
    expect(mem0?.registrations.typedHooks.length).toBeGreaterThan(0);
    // The memory slot admits one memory plugin: the bundled memory-core stays off.
    expect(list.plugins.find((p) => p.id === "memory-core")?.status).toBe("disabled");
  }, 120_000);

  it("reports its failing network calls as tool errors while the gateway keeps serving", async () => {
    const result = await openclaw(home, [
      "gateway",
      "call",
      "tools.invoke",
      "--params",
      JSON.stringify({ name: "memory_search", params: { query: "favourite colour" } }),
      "--json",
    ]);
    // Either the tool answers with an error result or the call fails with a coded error: never a crash.
    const output = `${result.stdout}${result.stderr}`;
    if (result.code !== 0) expect(output).toMatch(/"code":\s*"[A-Z_]+"/);
    else expect(output.toLowerCase()).toMatch(/error|fail|econnrefused|fetch/);
    const health = await fetch(`${gateway?.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
  }, 120_000);
});
