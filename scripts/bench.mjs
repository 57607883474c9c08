#!/usr/bin/env node
// `pnpm bench`: builds, runs every benchmark, writes bench-results/<name>.json and prints a table.
// Figures are ratios against a baseline measured in the same run (never absolute thresholds).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchControlUi } from "./bench/control-ui.mjs";
import { benchGatewayStart, benchRpc } from "./bench/gateway.mjs";
import { benchPluginsList } from "./bench/plugins-list.mjs";
import { benchWebhookCanonicalisation } from "./bench/webhook-canonicalisation.mjs";
import { benchWebhooks } from "./bench/webhooks.mjs";
import { ensureBuilt, root } from "./ensure-deps.mjs";

ensureBuilt();
process.on("beforeExit", () => {
  // An await left pending with nothing to wake it up: report it instead of exiting 0 silently.
  console.error("bench: a benchmark stalled before finishing");
  process.exit(1);
});
const outDir = join(root, "bench-results");
mkdirSync(outDir, { recursive: true });
const only = process.argv.slice(2);
const suites = {
  "plugins-list": benchPluginsList,
  "gateway-start": benchGatewayStart,
  "gateway-rpc": benchRpc,
  "voice-webhooks": benchWebhooks,
  "control-ui": benchControlUi,
  "webhook-canonicalisation": benchWebhookCanonicalisation,
};
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const result = await suite(root);
  writeFileSync(
    join(outDir, `${result.name}.json`),
    `${JSON.stringify({ ...result, node: process.version, at: new Date().toISOString() }, null, 2)}\n`,
  );
  console.log(`\n${result.name}: ${result.description}`);
  const { command, ...figures } = result.baseline;
  console.log(`baseline ${command}: ${JSON.stringify(figures)}`);
  console.table(result.rows);
  if (result.target) console.log(`target: ${result.target}`);
}
process.removeAllListeners("beforeExit");
