#!/usr/bin/env node
// `npm test`: install (if needed), build, lint, check the SDK re-exports, type-check, run every vitest
// project, and close with a plain `N passed, N failed` line.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, root } from "./ensure-deps.mjs";

// Every workspace project with a tsconfig.json (the same dirs vitest.workspace.ts globs), so a new
// package is type-checked without editing this list.
const PROJECTS = ["packages", "extensions", "test"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => `${group}/${name}`)
    .filter((dir) => existsSync(join(root, dir, "tsconfig.json"))),
);

/** Runs one step with Node; on failure prints one line naming it and exits, without a stack trace. */
function step(name, file, args) {
  console.log(`> ${name}`);
  try {
    execFileSync(process.execPath, [file, ...args], { cwd: root, stdio: "inherit" });
  } catch {
    // No pass/fail counts: no test ran, and a made-up count would be a lie.
    console.error(`npm test: ${name} failed (see above); vitest did not run`);
    process.exit(1);
  }
}

ensureBuilt();
step("lint (biome check)", join(root, "node_modules/@biomejs/biome/bin/biome"), ["check", "."]);
step("SDK re-export check", join(root, "scripts/sync-sdk-exports.mjs"), ["--check"]);
step("error table check (docs/errors.md)", join(root, "scripts/gen-error-docs.mjs"), ["--check"]);
const tsc = join(root, "node_modules/typescript/bin/tsc");
for (const dir of PROJECTS)
  step(`typecheck ${dir}`, tsc, ["-p", join(root, dir, "tsconfig.json"), "--noEmit"]);

const report = join(mkdtempSync(join(tmpdir(), "openclaw-test-")), "vitest.json");
console.log("> vitest run");
const vitest = join(root, "node_modules/vitest/vitest.mjs");
const args = [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const run = spawnSync(process.execPath, [vitest, ...args], { cwd: root, stdio: "inherit" });
try {
  const result = JSON.parse(readFileSync(report, "utf8"));
  console.log(
    `${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped`,
  );
} catch {
  console.error("npm test: vitest wrote no report (it crashed before finishing); no counts to show");
  process.exitCode = 1;
}
if (run.status !== 0) process.exitCode = run.status ?? 1;
