import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  cliBin,
  createHome,
  type Home,
  json,
  openclaw,
  pnpmCommand,
  repoRoot,
  startGateway,
} from "./helpers.js";

let home: Home | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  child = undefined;
  home?.cleanup();
  home = undefined;
});

/** Starts `openclaw gateway <args>` and resolves once stdout has its "listening"/JSON ready line. */
function spawnGateway(h: Home, args: string[]): Promise<{ stdout: () => string; stderr: () => string }> {
  let stdout = "";
  let stderr = "";
  child = spawn(process.execPath, [cliBin, "gateway", "--port", "0", ...args], { env: h.env, cwd: h.dir });
  const proc = child;
  return new Promise((resolve, reject) => {
    proc.stderr?.on("data", (d) => (stderr += d));
    proc.stdout?.on("data", (d) => {
      stdout += d;
      if (/listening on|"ok":true/.test(stdout) && /gateway ready/.test(stderr + stdout)) {
        resolve({ stdout: () => stdout, stderr: () => stderr });
      }
    });
    proc.stderr?.on("data", () => {
      if (/listening on|"ok":true/.test(stdout) && /gateway ready/.test(stderr)) {
        resolve({ stdout: () => stdout, stderr: () => stderr });
      }
    });
    proc.once("exit", (code) => reject(new Error(`gateway exited ${code}:\n${stdout}\n${stderr}`)));
  });
}

/** Resolves when `predicate` holds, re-checking on each chunk the gateway writes (no fixed sleeps). */
async function until(predicate: () => boolean): Promise<void> {
  const proc = child as ChildProcess;
  while (!predicate()) {
    await new Promise((resolve, reject) => {
      proc.stderr?.once("data", resolve);
      proc.stdout?.once("data", resolve);
      proc.once("exit", () => reject(new Error("gateway exited")));
    });
  }
}

describe("pnpm openclaw from the repository root", () => {
  it("prints only the CLI's own output, so --json parses (README's example)", () => {
    home = createHome();
    const [cmd, ...pre] = pnpmCommand();
    const out = execFileSync(cmd as string, [...pre, "openclaw", "plugins", "list", "--json"], {
      cwd: repoRoot,
      env: home.env,
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toMatchObject({ stateDir: home.stateDir, plugins: expect.any(Array) });
  });
});

/** A home whose gateway logs at info (createHome defaults to warn), so "gateway ready" is logged. */
function infoHome(): Home {
  const h = createHome();
  h.env.OPENCLAW_LOG_LEVEL = "info";
  return h;
}

describe("pnpm pack-all", () => {
  it("shows build progress with timings on stderr and prints only tarball paths on stdout", () => {
    const result = spawnSync(process.execPath, [join(repoRoot, "scripts/pack.mjs"), "@openclaw/plugin-sdk"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/\[\d\/\d\] compiling TypeScript \(tsc -b\): done in \d+\.\d s/);
    const { version } = JSON.parse(readFileSync(join(repoRoot, "packages/plugin-sdk/package.json"), "utf8"));
    expect(result.stdout.trim()).toBe(join(repoRoot, `.packs/openclaw-plugin-sdk-${version}.tgz`));
    expect(existsSync(result.stdout.trim())).toBe(true);
  });
});

describe("gateway output", () => {
  it("logs JSON lines when piped, pretty lines with --log-format pretty", async () => {
    home = infoHome();
    const piped = await spawnGateway(home, []);
    const logLine = piped
      .stderr()
      .split("\n")
      .find((l) => l.includes("gateway ready")) as string;
    expect(JSON.parse(logLine)).toMatchObject({ msg: "gateway ready", level: 30 });
    child?.kill("SIGTERM");
    await new Promise((r) => child?.once("exit", r));
    const pretty = await spawnGateway(home, ["--log-format", "pretty"]);
    const prettyLine = pretty
      .stderr()
      .split("\n")
      .find((l) => l.includes("gateway ready")) as string;
    expect(prettyLine).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: gateway ready$/);
  });

  it("--bind 0.0.0.0 prints the real bind address and warns about exposure; --json prints one ready object", async () => {
    home = infoHome();
    const started = await spawnGateway(home, ["--bind", "0.0.0.0", "--json"]);
    const ready = JSON.parse(started.stdout().trim().split("\n")[0] as string) as {
      bind: string;
      port: number;
      url: string;
    };
    expect(ready).toMatchObject({ ok: true, bind: "0.0.0.0", url: `http://127.0.0.1:${ready.port}` });
    await until(() => started.stderr().includes("warning: bound to 0.0.0.0"));
    expect(started.stderr()).toContain(
      `warning: bound to 0.0.0.0, so other machines can reach port ${ready.port}`,
    );
    child?.kill("SIGTERM");
    await new Promise((r) => child?.once("exit", r));
    const human = await spawnGateway(home, ["--bind", "0.0.0.0"]);
    expect(human.stdout()).toMatch(/listening on 0\.0\.0\.0:\d+ \(every interface\)/);
  });
});

describe("a plugin author's first plugin", () => {
  it("plugins new scaffolds a TypeScript plugin that type-checks, passes its tests and loads with install -l", async () => {
    home = createHome({ bundled: false });
    const dir = join(home.dir, "hello-world");
    const created = await openclaw(home, ["plugins", "new", "hello-world", "--dir", dir, "--json"]);
    expect(created.code, created.stderr).toBe(0);
    expect(json(created)).toMatchObject({ ok: true, id: "hello-world" });
    const manifest = JSON.parse(readFileSync(join(dir, "openclaw.plugin.json"), "utf8"));
    expect(manifest).toMatchObject({
      id: "hello-world",
      configSchema: { type: "object" },
      uiHints: expect.any(Object),
    });
    // What `npm install` gives the author, linked from this checkout (the SDK is not on the registry yet).
    mkdirSync(join(dir, "node_modules/@openclaw"), { recursive: true });
    mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
    symlinkSync(join(repoRoot, "packages/plugin-sdk"), join(dir, "node_modules/@openclaw/plugin-sdk"));
    symlinkSync(join(repoRoot, "node_modules/@types/node"), join(dir, "node_modules/@types/node"));
    symlinkSync(join(repoRoot, "node_modules/vitest"), join(dir, "node_modules/vitest"));
    execFileSync(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", dir], {
      stdio: "pipe",
    });
    execFileSync(process.execPath, [join(repoRoot, "node_modules/vitest/vitest.mjs"), "run", "--root", dir], {
      stdio: "pipe",
      env: { ...process.env, VITEST: undefined },
    });
    const linked = await openclaw(home, ["plugins", "install", "-l", dir]);
    expect(linked.code, linked.stderr).toBe(0);
    const gateway = await startGateway(home);
    try {
      const greet = await openclaw(home, ["hello-world", "greet", "Ada"]);
      expect(greet.code, greet.stderr).toBe(0);
      expect(JSON.parse(greet.stdout)).toEqual({ text: "Hello, Ada." });
    } finally {
      await gateway.stop();
    }
  });

  it("refuses a name that is not a plugin id or clashes with a core command, writing nothing", async () => {
    home = createHome({ bundled: false });
    for (const name of ["Bad Name", "plugins"]) {
      const run = await openclaw(home, ["plugins", "new", name]);
      expect(run.code, name).toBe(2);
      expect(run.stderr).toContain("CLI_USAGE");
    }
  });
});
