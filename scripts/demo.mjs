#!/usr/bin/env node
// `npm run demo`: installs and builds the workspace, writes a demo config to `.openclaw-dev/` (Voice Call
// on the mock provider with a simulated caller, auto-responses from the built-in scripted mock model),
// the agent on the same model with a MEMORY.md for memory-core), starts the gateway, places one
// conversation-mode call and prints its transcript as both sides speak.
// No network is used. The gateway then keeps running in the foreground (Ctrl-C stops it);
// `--exit` stops it after the call instead. `npm run demo -- --config-only` only writes the demo config
// (without building) and exits.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt, root } from "./ensure-deps.mjs";

const DEMO_VOICE_CALL = {
  provider: "mock",
  fromNumber: "+15550000000",
  // The mock carrier calls no webhook: any free port will do (no clash with a real gateway on 3334).
  serve: { port: 0 },
  responseModel: "mock/scripted",
  mock: {
    answerDelayMs: 400,
    caller: {
      mode: "script",
      replyDelayMs: 700,
      utterances: [
        "Hi! Is the bakery open on Sunday?",
        "Great. Can I order a chocolate cake?",
        "Thanks, bye!",
      ],
    },
  },
};
const DEMO_MODEL_SCRIPT = [
  { match: "sunday", reply: "Yes, we are open on Sunday from nine to one." },
  { match: "cake", reply: "Of course. Your chocolate cake will be ready on Sunday morning." },
  { match: "bye", reply: "Thank you for calling. Goodbye!" },
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const exitAfterCall = process.argv.includes("--exit");
const configOnly = process.argv.includes("--config-only");
const gatewayArgs = process.argv.slice(2).filter((a) => a !== "--exit" && a !== "--config-only");
if (!configOnly) ensureBuilt();
const stateDir = process.env.OPENCLAW_STATE_DIR ?? join(root, ".openclaw-dev");
mkdirSync(stateDir, { recursive: true });
const configPath = join(stateDir, "openclaw.json");
writeDemoConfig();
if (configOnly) {
  console.log(`Demo config: ${configPath}`);
  process.exit(0);
}

const cli = join(root, "packages/cli/bin/openclaw.mjs");
const env = {
  ...process.env,
  OPENCLAW_STATE_DIR: stateDir,
  OPENCLAW_LOG_LEVEL: process.env.OPENCLAW_LOG_LEVEL ?? "warn",
};
console.log(`Demo state dir: ${stateDir}\nStarting the gateway with Voice Call on the mock provider…`);
const gateway = spawn(process.execPath, [cli, "gateway", ...gatewayArgs], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => gateway.kill(signal));
gateway.on("exit", (code) => {
  process.exitCode = code ?? 0;
});

try {
  await runConversation();
} catch (error) {
  console.error(`demo call failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
if (exitAfterCall || process.exitCode) gateway.kill("SIGTERM");
else
  console.log(`
The gateway keeps running. In a second terminal, from this directory:

  pnpm openclaw voicecall call --to +15550001234 --mode conversation --message "Hello"
  pnpm openclaw voicecall continue --call-id <id> --message "Anything else?"
  pnpm openclaw voicecall status --call-id <id>
  pnpm openclaw voicecall end --call-id <id>
  pnpm openclaw agent --message 'voice_call {"action":"initiate_call","to":"+15550001234","message":"Hello"}'
  pnpm openclaw agent --message 'memory_search {"query":"favourite number"}'

Or open the Control UI the gateway printed above and log in with the token from
${join(stateDir, "gateway/token")}.

Every command takes --json (errors too). No pnpm? Use: node scripts/openclaw-dev.mjs … Ctrl-C stops the gateway.`);

/** Adds the demo's Voice Call and mock-model settings to the demo config, keeping everything else. */
function writeDemoConfig() {
  let config = {};
  if (existsSync(configPath)) {
    try {
      config = JSON.parse(readFileSync(configPath, "utf8"));
    } catch {
      console.log(`${configPath} is not plain JSON; using it unchanged.`);
      return;
    }
  }
  config.plugins ??= {};
  config.plugins.entries ??= {};
  config.plugins.entries["voice-call"] ??= { enabled: true, config: {} };
  const entry = config.plugins.entries["voice-call"];
  entry.config = { ...DEMO_VOICE_CALL, ...entry.config, mock: entry.config?.mock ?? DEMO_VOICE_CALL.mock };
  entry.config.responseModel ??= DEMO_VOICE_CALL.responseModel;
  config.models ??= {};
  config.models.providers ??= {};
  config.models.providers.mock ??= { script: DEMO_MODEL_SCRIPT };
  config.agents ??= {};
  config.agents.defaults ??= {};
  config.agents.defaults.model ??= "mock/scripted";
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  const memoryPath = join(stateDir, "workspace", "MEMORY.md");
  if (!existsSync(memoryPath)) {
    mkdirSync(join(stateDir, "workspace"), { recursive: true });
    writeFileSync(memoryPath, "# Demo notes\nThe demo caller's favourite number is +15550001234.\n");
  }
}

function openclaw(...args) {
  const result = spawnSync(process.execPath, [cli, ...args, "--json"], { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error((result.stderr || result.stdout).trim());
  return JSON.parse(result.stdout);
}

async function runConversation() {
  const deadline = Date.now() + 30_000;
  let placed;
  while (!placed) {
    try {
      placed = openclaw(
        "voicecall",
        "call",
        "--to",
        "+15550001234",
        "--mode",
        "conversation",
        "--message",
        "Hello, Sunny Bakery, how can I help?",
      );
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(300);
    }
  }
  console.log(`\nConversation call ${placed.callId} (mock carrier, simulated caller, scripted model):\n`);
  let shown = 0;
  for (;;) {
    const { call } = openclaw("voicecall", "status", "--call-id", placed.callId);
    for (const line of call.transcript.slice(shown))
      console.log(`  ${line.speaker === "bot" ? "Assistant" : "Caller   "}: ${line.text}`);
    shown = call.transcript.length;
    if (call.endedAt) {
      console.log(`\nCall ended (${call.endReason}).`);
      return;
    }
    if (Date.now() > deadline + 30_000) throw new Error("the call did not end within a minute");
    await sleep(300);
  }
}
