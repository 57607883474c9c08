import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createHome,
  type Home,
  json,
  openclaw,
  packAll,
  type RunningGateway,
  startGateway,
} from "./helpers.js";
import { type LocalRegistry, startRegistry } from "./registry.js";

let work: string;
let registry: LocalRegistry;
let home: Home;
let gateway: RunningGateway | undefined;
let voiceTarball: string;

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, {
    cwd,
    env: { ...process.env, ...registry.env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Re-publishes voice-call under `version`, optionally with an extra file (a tampered artifact). */
function publishVoiceCall(version: string, extra?: string): void {
  const dir = mkdtempSync(join(work, "republish-"));
  execFileSync("tar", ["-xzf", voiceTarball, "-C", dir]);
  const pkgPath = join(dir, "package/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
  pkg.version = version;
  writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
  if (extra) writeFileSync(join(dir, "package/dist/TAMPERED.txt"), extra);
  npm(["publish", "--ignore-scripts", "--tag", "latest"], join(dir, "package"));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "openclaw-registry-"));
  registry = await startRegistry(work);
  const packs = join(work, "packs");
  mkdirSync(packs);
  const tarballs = packAll(packs);
  for (const file of tarballs) npm(["publish", file, "--ignore-scripts"], work);
  voiceTarball = tarballs.at(-1) as string;
  home = createHome({ bundled: false });
  Object.assign(home.env, registry.env);
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await registry?.stop();
  home?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe("against a real npm registry (verdaccio on loopback)", () => {
  it("npm i @openclaw/voice-call in an empty dir resolves its entry and types", () => {
    const dir = join(work, "consumer");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    npm(["install", "@openclaw/voice-call", "--no-audit", "--no-fund"], dir);
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import("@openclaw/voice-call"); console.log(m.default.id, typeof m.default.register);`,
      ],
      { cwd: dir, encoding: "utf8" },
    );
    expect(out.trim()).toBe("voice-call function");
    const pkg = JSON.parse(readFileSync(join(dir, "node_modules/@openclaw/voice-call/package.json"), "utf8"));
    expect(existsSync(join(dir, "node_modules/@openclaw/voice-call", pkg.exports["."].types))).toBe(true);
  });

  it("installs @openclaw/voice-call by name with the CLI and the gateway loads it", async () => {
    const result = await openclaw(home, ["plugins", "install", "@openclaw/voice-call"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Installed plugin: voice-call@0.1.0");
    const config = JSON.parse(readFileSync(join(home.stateDir, "openclaw.json"), "utf8"));
    expect(config.plugins.installs["voice-call"]).toMatchObject({
      source: "npm",
      spec: "@openclaw/voice-call",
      resolvedName: "@openclaw/voice-call",
      resolvedVersion: "0.1.0",
    });
    expect(config.plugins.installs["voice-call"].integrity).toMatch(/^sha512-/);
    config.plugins.entries["voice-call"].config = { serve: { port: 0 } };
    writeFileSync(join(home.stateDir, "openclaw.json"), JSON.stringify(config));
    gateway = await startGateway(home);
    const status = json<{ plugins: Array<{ id: string; status: string; origin: string }> }>(
      await openclaw(home, ["plugins", "status", "--json"]),
    );
    expect(status.plugins.find((p) => p.id === "voice-call")).toMatchObject({
      status: "loaded",
      origin: "global",
    });
    await gateway.stop();
    gateway = undefined;
  });

  it("leaves an unchanged plugin alone, then moves to a newly published patch", async () => {
    const before = readFileSync(join(home.stateDir, "openclaw.json"), "utf8");
    const noop = await openclaw(home, ["plugins", "update", "--all"]);
    expect(noop.stdout).toContain("voice-call is up to date (0.1.0).");
    expect(readFileSync(join(home.stateDir, "openclaw.json"), "utf8")).toBe(before);
    publishVoiceCall("0.1.1");
    const dry = await openclaw(home, ["plugins", "update", "--all", "--dry-run"]);
    expect(dry.stdout).toContain("Would update voice-call: 0.1.0 -> 0.1.1.");
    const result = await openclaw(home, ["plugins", "update", "--all"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Updated voice-call: 0.1.0 -> 0.1.1.");
    expect(
      JSON.parse(readFileSync(join(home.stateDir, "extensions/voice-call/package.json"), "utf8")).version,
    ).toBe("0.1.1");
  });

  it("detects a republished tampered tarball and refuses it without confirmation", async () => {
    npm(["unpublish", "@openclaw/voice-call@0.1.1", "--force"], work);
    publishVoiceCall("0.1.1", "not what was installed");
    const refused = await openclaw(home, ["plugins", "update", "voice-call"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Integrity drift detected for "voice-call"');
    expect(refused.stderr).toContain(
      "error [INSTALL_INTEGRITY_DRIFT]: voice-call@0.1.1 now has different bytes",
    );
    const refusedJson = await openclaw(home, ["plugins", "update", "voice-call", "--json"]);
    expect(refusedJson.code).toBe(1);
    expect(json(refusedJson)).toMatchObject({ ok: false, error: { code: "INSTALL_INTEGRITY_DRIFT" } });
    const all = await openclaw(home, ["plugins", "update", "--all"]);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(
      "Kept voice-call 0.1.1 [INSTALL_INTEGRITY_DRIFT]: integrity drift not accepted.",
    );
    expect(existsSync(join(home.stateDir, "extensions/voice-call/dist/TAMPERED.txt"))).toBe(false);
    const accepted = await openclaw(home, ["plugins", "update", "voice-call", "--yes"]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(existsSync(join(home.stateDir, "extensions/voice-call/dist/TAMPERED.txt"))).toBe(true);
  });

  it("refuses bad specs, missing packages and an unreachable registry with coded errors, changing nothing", async () => {
    const before = readFileSync(join(home.stateDir, "openclaw.json"), "utf8");
    const range = await openclaw(home, ["plugins", "install", "@openclaw/voice-call@^0.1.0"]);
    expect(range.stderr).toContain("INSTALL_UNSUPPORTED_SOURCE");
    const missing = await openclaw(home, ["plugins", "install", "@openclaw/not-published"]);
    expect(missing.stderr).toContain("INSTALL_PACKAGE_NOT_FOUND");
    expect(missing.code, "an npm 404 exits 3, as docs/cli.md says").toBe(3);
    const offline = createHome({ bundled: false });
    Object.assign(offline.env, registry.env, {
      npm_config_registry: "http://127.0.0.1:9/",
      npm_config_fetch_retries: "0",
    });
    const down = await openclaw(offline, ["plugins", "install", "@openclaw/voice-call"]);
    offline.cleanup();
    expect(down.stderr).toContain("INSTALL_NETWORK_FAILED");
    expect(readFileSync(join(home.stateDir, "openclaw.json"), "utf8")).toBe(before);
  });

  it("uninstalls exactly what install created", async () => {
    const result = await openclaw(home, ["plugins", "uninstall", "voice-call", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(json<{ removedConfig: string[] }>(result).removedConfig).toEqual([
      "plugins.installs.voice-call",
      "plugins.entries.voice-call",
    ]);
    expect(existsSync(join(home.stateDir, "extensions/voice-call"))).toBe(false);
    const again = await openclaw(home, ["plugins", "uninstall", "voice-call"]);
    expect(again.code).toBe(3);
  });
});
