#!/usr/bin/env node
// `npm test`: install (if needed), build, lint, check the SDK re-exports, type-check, run every vitest project, and
// close with a plain `N passed, N failed` line.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, root } from "./ensure-deps.mjs";

ensureBuilt();
console.log("> lint (biome check)");
execFileSync(process.execPath, [join(root, "node_modules/@biomejs/biome/bin/biome"), "check", "."], {
  cwd: root,
  stdio: "inherit",
});
execFileSync(process.execPath, [join(root, "scripts/sync-sdk-exports.mjs"), "--check"], {
  cwd: root,
  stdio: "inherit",
});
console.log("> typecheck (sources and tests of every package)");
for (const dir of [
  "packages/plugin-sdk",
  "packages/plugin-registry",
  "packages/plugin-loader",
  "packages/gateway",
  "packages/cli",
  "extensions/voice-call",
  "test/e2e",
]) {
  execFileSync(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, dir, "tsconfig.json"), "--noEmit"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}
const report = join(mkdtempSync(join(tmpdir(), "openclaw-test-")), "vitest.json");
console.log("> vitest run");
const run = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit" },
);
try {
  const result = JSON.parse(readFileSync(report, "utf8"));
  console.log(
    `${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped`,
  );
} catch {
  console.log("0 passed, 1 failed");
}
process.exitCode = run.status ?? 1;
