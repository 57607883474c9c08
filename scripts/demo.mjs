#!/usr/bin/env node
// `npm run demo`: installs and builds the workspace, writes a demo config to `.openclaw-dev/` (Voice Call
// enabled on the mock provider) and runs the gateway in the foreground. Ctrl-C stops it.
// `npm run demo -- --config-only`: only writes the demo config (when there is none) and exits.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt, root } from "./ensure-deps.mjs";

const configOnly = process.argv.includes("--config-only");
if (!configOnly) ensureBuilt();
const stateDir = process.env.OPENCLAW_STATE_DIR ?? join(root, ".openclaw-dev");
mkdirSync(stateDir, { recursive: true });
const configPath = join(stateDir, "openclaw.json");
if (!existsSync(configPath)) {
  const config = {
    plugins: {
      entries: { "voice-call": { enabled: true, config: { provider: "mock", fromNumber: "+15550000000" } } },
    },
  };
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}
if (configOnly) {
  console.log(`Demo config: ${configPath}`);
  process.exit(0);
}
console.log(`
Demo state dir: ${stateDir}
Starting the gateway with Voice Call on the mock provider. In a second terminal, from this directory:

  pnpm openclaw plugins list
  pnpm openclaw voicecall call --to +15550001234 --message "Hello"     # prints {"callId": …}
  pnpm openclaw voicecall status --call-id <id>
  pnpm openclaw voicecall end --call-id <id>

Or open the Control UI the gateway prints below, and log in with the token from
${join(stateDir, "gateway/token")}.

Every command takes --json (errors too). No pnpm? Use: npx pnpm@10.34.9 openclaw … , or node scripts/openclaw-dev.mjs …
`);
const child = spawn(
  process.execPath,
  [
    join(root, "packages/cli/bin/openclaw.mjs"),
    "gateway",
    ...process.argv.slice(2).filter((a) => a !== "--config-only"),
  ],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_LOG_LEVEL: process.env.OPENCLAW_LOG_LEVEL ?? "warn",
    },
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => {
  process.exitCode = code ?? 0;
});
