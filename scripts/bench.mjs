#!/usr/bin/env node
// `pnpm bench`: builds, runs every benchmark, writes bench-results/<name>.json and prints a table.
// Figures are ratios against a baseline measured in the same run (never absolute thresholds).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchPluginsList } from "./bench/plugins-list.mjs";
import { ensureBuilt, root } from "./ensure-deps.mjs";

ensureBuilt();
const outDir = join(root, "bench-results");
mkdirSync(outDir, { recursive: true });
const suites = [benchPluginsList];
for (const suite of suites) {
  const result = suite(root);
  writeFileSync(
    join(outDir, `${result.name}.json`),
    `${JSON.stringify({ ...result, node: process.version, at: new Date().toISOString() }, null, 2)}\n`,
  );
  console.log(`\n${result.name}: ${result.description}`);
  console.log(`baseline ${result.baseline.command}: median ${result.baseline.medianMs} ms`);
  console.table(result.rows);
  console.log(`target: ${result.target}`);
}
