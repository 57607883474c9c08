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

/** Prints `[n/total] label …` now and `done in N.N s` when `work` returns (stdout, for humans). */
export function step(n, total, label, work) {
  const started = performance.now();
  console.log(`[${n}/${total}] ${label} …`);
  const result = work();
  console.log(`[${n}/${total}] ${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Installs dependencies when node_modules is missing, then builds every package (tsc -b). */
export function ensureBuilt() {
  const needsInstall = !existsSync(join(root, "node_modules", ".pnpm"));
  const total = needsInstall ? 4 : 3;
  if (needsInstall) {
    // --reporter=default: the repo's .npmrc silences pnpm for `pnpm openclaw`; show install progress here.
    step(1, total, "installing dependencies (pnpm install --frozen-lockfile)", () =>
      pnpm(["install", "--frozen-lockfile", "--reporter=default"]),
    );
  }
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  try {
    step(total - 2, total, "compiling TypeScript (tsc -b)", () =>
      execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" }),
    );
    step(total - 1, total, "bundling the CLI (esbuild)", () =>
      execFileSync(process.execPath, [join(root, "scripts/bundle-cli.mjs")], { cwd: root, stdio: "inherit" }),
    );
    step(total, total, "building the Control UI", () =>
      execFileSync(process.execPath, [join(root, "packages/control-ui/build.mjs")], {
        cwd: root,
        stdio: "inherit",
      }),
    );
  } catch {
    console.error("build failed (see the TypeScript errors above)");
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}
