// Shared by the root scripts: makes sure dependencies are installed (with pnpm, fetched through npx when
// it is not on PATH) and the packages are built. Works on a machine with only Node >=20.19 and npm.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM = "pnpm@10.34.9";

function hasPnpm() {
  return (
    spawnSync("pnpm", ["--version"], { stdio: "ignore", shell: process.platform === "win32" }).status === 0
  );
}

/** Runs pnpm with `args` (through `npx pnpm@10.34.9` when pnpm is not installed); `options` as execFileSync's. */
export function pnpm(args, options = {}) {
  const [cmd, cmdArgs] = hasPnpm() ? ["pnpm", args] : ["npx", ["--yes", PNPM, ...args]];
  execFileSync(cmd, cmdArgs, {
    cwd: root,
    stdio: "inherit",
    shell: process.platform === "win32",
    ...options,
  });
}

/** Prints `[n/total] label …` now and `done in N.N s` when `work` returns (with `log`, stdout by default). */
export function step(n, total, label, work, log = console.log) {
  const started = performance.now();
  log(`[${n}/${total}] ${label} …`);
  const result = work();
  log(`[${n}/${total}] ${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * Installs dependencies when node_modules is missing, then builds every package (tsc -b), the CLI
 * bundle and the Control UI, with a progress line per step. `quietStdout`: everything (progress and
 * the tools' own output) goes to stderr, for scripts whose stdout is data (`pnpm pack-all`).
 */
export function ensureBuilt({ quietStdout = false } = {}) {
  const log = quietStdout ? console.error : console.log;
  const stdio = quietStdout ? ["inherit", 2, 2] : "inherit";
  const needsInstall = !existsSync(join(root, "node_modules", ".pnpm"));
  const total = needsInstall ? 4 : 3;
  const run = (file, args = []) => execFileSync(process.execPath, [file, ...args], { cwd: root, stdio });
  if (needsInstall) {
    // --reporter=default: pnpm-workspace.yaml silences pnpm for `pnpm openclaw`; show install progress here.
    const install = () => pnpm(["install", "--frozen-lockfile", "--reporter=default"], { stdio });
    step(1, total, "installing dependencies (pnpm install --frozen-lockfile)", install, log);
  }
  try {
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    step(
      total - 2,
      total,
      "compiling TypeScript (tsc -b)",
      () => run(tsc, ["-b", "tsconfig.build.json"]),
      log,
    );
    step(
      total - 1,
      total,
      "bundling the CLI (esbuild)",
      () => run(join(root, "scripts/bundle-cli.mjs")),
      log,
    );
    step(
      total,
      total,
      "building the Control UI",
      () => run(join(root, "packages/control-ui/build.mjs")),
      log,
    );
  } catch {
    console.error("build failed (see the TypeScript errors above)");
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}
