import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Repository root. */
export const repoRoot: string = join(dirname(fileURLToPath(import.meta.url)), "../..");
/** The built CLI. */
export const cliBin: string = join(repoRoot, "packages/cli/bin/openclaw.mjs");

/** An isolated OpenClaw home for one test file. */
export interface Home {
  dir: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/** Creates a temp state dir; bundled plugins come from the repo's `extensions/` unless told otherwise. */
export function createHome(options: { bundled?: boolean } = {}): Home {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-e2e-"));
  const stateDir = join(dir, "state");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_BUNDLED_PLUGINS_DIR: options.bundled === false ? "" : join(repoRoot, "extensions"),
    HOME: dir,
    OPENCLAW_LOG_LEVEL: "warn",
  };
  delete env.VITEST;
  delete env.OPENCLAW_GATEWAY_URL;
  delete env.OPENCLAW_GATEWAY_TOKEN;
  return { dir, stateDir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A home whose `openclaw.json` enables the bundled voice-call plugin with `config` (its webhook server
 * on a random loopback port unless `config.serve` is given).
 */
export function createVoiceCallHome(config: Record<string, unknown>): Home {
  const home = createHome();
  mkdirSync(home.stateDir, { recursive: true });
  const entry = { enabled: true, config: { serve: { port: 0 }, ...config } };
  writeFileSync(
    join(home.stateDir, "openclaw.json"),
    JSON.stringify({ plugins: { entries: { "voice-call": entry } } }),
  );
  return home;
}

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with `args` and resolves with its exit status and output (never rejects). */
export async function openclaw(home: Home, args: string[], cwd: string = home.dir): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [cliBin, ...args], {
      env: home.env,
      cwd,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** A gateway child process. */
export interface RunningGateway {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts `openclaw gateway --port <port>` (default 0: a free port) and waits until it has written runtime.json. */
export async function startGateway(home: Home, port = 0): Promise<RunningGateway> {
  let output = "";
  const child = spawn(process.execPath, [cliBin, "gateway", "--port", String(port)], {
    env: home.env,
    cwd: home.dir,
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const runtimeFile = join(home.stateDir, "gateway/runtime.json");
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (existsSync(runtimeFile)) {
      const info = JSON.parse(readFileSync(runtimeFile, "utf8")) as { url: string; pid: number };
      if (info.pid === child.pid) {
        return {
          url: info.url,
          process: child,
          output: () => output,
          stop: () =>
            new Promise((resolve) => {
              if (child.exitCode !== null) return resolve(child.exitCode);
              child.once("exit", (code) => resolve(code));
              child.kill("SIGTERM");
            }),
        };
      }
    }
    if (child.exitCode !== null) throw new Error(`gateway exited early (${child.exitCode}):\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`gateway did not become ready:\n${output}`);
}

/** Parses JSON printed by the CLI, with the output in the error when it is not JSON. */
export function json<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** How to run pnpm here: `pnpm` when on PATH, else `npx pnpm@10.34.9`. */
export function pnpmCommand(): string[] {
  const probe = spawnSync("pnpm", ["--version"], { stdio: "ignore" });
  return probe.status === 0 ? ["pnpm"] : ["npx", "--yes", "pnpm@10.34.9"];
}

/** The publishable workspace packages, in dependency order. */
export const PUBLISHABLE: readonly string[] = [
  "packages/plugin-sdk",
  "packages/plugin-registry",
  "packages/plugin-loader",
  "packages/control-ui",
  "packages/gateway",
  "packages/cli",
  "extensions/voice-call",
];

/** Packs every publishable package with pnpm (workspace: ranges rewritten) into `dest`; returns the files. */
export function packAll(dest: string): string[] {
  const [cmd, ...pre] = pnpmCommand();
  return PUBLISHABLE.map((dir) => {
    const out = execFileSync(cmd as string, [...pre, "pack", "--pack-destination", dest], {
      cwd: join(repoRoot, dir),
      encoding: "utf8",
    });
    const file = out
      .trim()
      .split("\n")
      .filter((l) => l.endsWith(".tgz"))
      .at(-1);
    if (!file) throw new Error(`pnpm pack printed no tarball for ${dir}:\n${out}`);
    return file.startsWith("/") ? file : join(dest, file);
  });
}
