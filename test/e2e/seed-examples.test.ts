// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
/**
 * Every code and config example of the plugin seeds (000 and 002: the plugin guide in French and
 * English; 003: the manifest page), read from `../shared/seeds` at test time and run verbatim: plugin
 * examples become plugins loaded by a real gateway, config examples become the config file, CLI
 * examples run with the built `openclaw`. Placeholders (`<id>`, `<path>`) are the only substitutions;
 * fragments that are not modules are placed inside `register(api)`. A last test checks that no
 * example of the seeds is left without a check.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHome, type Home, json, openclaw, type RunningGateway, startGateway } from "./helpers.js";
import { pluginModule, runnableModule, type SeedBlock, seedBlocks } from "./seed-blocks.js";

const blocks = seedBlocks(["000", "002", "003"]);
const emptySchema = { type: "object", additionalProperties: false, properties: {} };

/** An npm registry on loopback that has no package at all (every request answers 404). */
let registry: Server;
let registryUrl: string;
beforeAll(async () => {
  registry = createServer((_req, res) =>
    res.writeHead(404, { "content-type": "application/json" }).end("{}"),
  );
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

/** A fake OpenAI speech API on loopback: `/v1/audio/speech` answers 0.1 s of 24 kHz PCM, `/v1/audio/transcriptions` a transcript. */
let speech: Server;
let speechUrl: string;
const speechRequests: Array<{ url: string; body: string }> = [];
beforeAll(async () => {
  speech = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      speechRequests.push({ url: req.url ?? "", body: Buffer.concat(chunks).toString("latin1") });
      if (req.url === "/v1/audio/speech")
        res.writeHead(200, { "content-type": "audio/pcm" }).end(Buffer.alloc(4800, 1));
      else if (req.url === "/v1/audio/transcriptions")
        res.writeHead(200, { "content-type": "application/json" }).end('{"text":"hello from the caller"}');
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => speech.listen(0, "127.0.0.1", resolve));
  speechUrl = `http://127.0.0.1:${(speech.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => speech.close(() => resolve())));

/** Runs a runtime-helper example (top-level `await` on `api.runtime.*`) through its `seed.run` method. */
async function runHelperExample(
  block: SeedBlock,
  bindings: string[],
  config: Record<string, unknown>,
): Promise<any> {
  const h = home();
  addPlugin(h, "helper-example", runnableModule(block.code, bindings));
  writeConfig(h, config, ["helper-example"]);
  await gateway(h);
  return call(h, "seed.run");
}

const homes: Home[] = [];
const gateways: RunningGateway[] = [];
afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
  for (const home of homes) home.cleanup();
});

/** A fresh home with the repo's bundled plugins and the empty registry as npm's registry. */
function home(): Home {
  const h = createHome();
  h.env.npm_config_registry = registryUrl;
  h.env.npm_config_cache = join(h.dir, "npm-cache");
  mkdirSync(h.stateDir, { recursive: true });
  homes.push(h);
  return h;
}

/** Writes a plugin into the home's global extensions dir, tracked by an install record. */
function addPlugin(h: Home, id: string, source: string, manifest: Record<string, unknown> = {}): string {
  const dir = join(h.stateDir, "extensions", id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "openclaw.plugin.json"),
    JSON.stringify({ id, configSchema: emptySchema, ...manifest }),
  );
  writeFileSync(join(dir, "index.ts"), source);
  return dir;
}

/** Writes `openclaw.json`: `text` verbatim (a seed's JSON5), or `config` merged with install records. */
function writeConfig(h: Home, config: Record<string, unknown> | string, installs: string[] = []): void {
  const text =
    typeof config === "string"
      ? config
      : JSON.stringify({
          ...config,
          plugins: {
            ...(config.plugins as object),
            installs: Object.fromEntries(installs.map((id) => [id, { source: "path" }])),
          },
        });
  writeFileSync(join(h.stateDir, "openclaw.json"), text);
}

async function gateway(h: Home): Promise<RunningGateway> {
  const g = await startGateway(h);
  gateways.push(g);
  return g;
}

async function call(h: Home, method: string, params: Record<string, unknown> = {}): Promise<any> {
  return json(await openclaw(h, ["gateway", "call", method, "--params", JSON.stringify(params), "--json"]));
}

/** Loads one TypeScript example as plugin `id` in a running gateway (with optional config). */
async function runExample(
  block: SeedBlock,
  id: string,
  extra: {
    manifest?: Record<string, unknown>;
    config?: Record<string, unknown>;
    prelude?: string;
    logLevel?: string;
  } = {},
) {
  const h = home();
  if (extra.logLevel) h.env.OPENCLAW_LOG_LEVEL = extra.logLevel;
  addPlugin(h, id, pluginModule(block.code, extra.prelude), extra.manifest);
  writeConfig(h, extra.config ?? {}, [id]);
  const g = await gateway(h);
  const list = json<{ plugins: Array<{ id: string; status: string; error?: unknown }> }>(
    await openclaw(h, ["plugins", "list", "--json"]),
  );
  expect(
    list.plugins.find((p) => p.id === id),
    JSON.stringify(list.plugins.find((p) => p.id === id)),
  ).toMatchObject({ status: "loaded" });
  return { h, g };
}

function sameSeed(block: SeedBlock, marker: string): SeedBlock {
  const found = blocks.find((b) => b.seed === block.seed && b.code.includes(marker));
  if (!found) throw new Error(`seed ${block.seed} has no example containing ${marker}`);
  return found;
}

interface Check {
  name: string;
  matches(block: SeedBlock): boolean;
  run(block: SeedBlock): Promise<void>;
}

const has = (text: string) => (block: SeedBlock) => block.code.includes(text);

const checks: Check[] = [
  {
    name: "api.runtime.tts.textToSpeechTelephony (PCM + sample rate from messages.tts)",
    matches: has("api.runtime.tts.textToSpeechTelephony"),
    async run(b) {
      const answer = await runHelperExample(b, ["result"], {
        messages: { tts: { provider: "openai", openai: { apiKey: "sk-test", baseUrl: speechUrl } } },
      });
      expect(answer.result.sampleRate).toBe(24_000);
      expect(answer.result.audioBuffer.data).toHaveLength(4800);
      const request = speechRequests.findLast((r) => r.url === "/v1/audio/speech");
      expect(JSON.parse(request?.body ?? "{}")).toMatchObject({
        input: "Hello from OpenClaw",
        response_format: "pcm",
      });
    },
  },
  {
    name: "api.runtime.stt.transcribeAudioFile",
    matches: has("api.runtime.stt.transcribeAudioFile"),
    async run(b) {
      // The example names /tmp/inbound-audio.ogg; the fake STT only needs bytes to upload.
      writeFileSync("/tmp/inbound-audio.ogg", Buffer.from("OggS fake audio"));
      const answer = await runHelperExample(b, ["text"], {
        tools: { media: { audio: { provider: "openai", apiKey: "sk-test", baseUrl: speechUrl } } },
      });
      expect(answer.text).toBe("hello from the caller");
      const upload = speechRequests.findLast((r) => r.url === "/v1/audio/transcriptions");
      expect(upload?.body).toContain("OggS fake audio");
      expect(upload?.body).toContain("audio/ogg");
    },
  },
  {
    name: "openclaw plugins list",
    matches: (b) => b.lang === "bash" && b.code.trim() === "openclaw plugins list",
    async run(b) {
      const h = home();
      const result = await openclaw(h, b.code.trim().split(" ").slice(1));
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("voice-call");
    },
  },
  {
    name: "install Voice Call from npm (bundled copy when the registry lacks it)",
    matches: (b) => b.lang === "bash" && b.code.trim() === "openclaw plugins install @openclaw/voice-call",
    async run(b) {
      const h = home();
      const result = await openclaw(h, b.code.trim().split(" ").slice(1));
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("Enabled the bundled plugin voice-call");
      const config = JSON.parse(readFileSync(join(h.stateDir, "openclaw.json"), "utf8"));
      expect(config.plugins.entries["voice-call"]).toEqual({ enabled: true });
      expect(config.plugins.installs?.["voice-call"]).toBeUndefined();
    },
  },
  {
    name: "every line of the CLI reference",
    matches: (b) => b.lang === "bash" && b.code.includes("openclaw plugins info <id>"),
    async run(b) {
      const h = home();
      const cwd = join(h.dir, "work");
      addPlugin(h, "hello", "export default function register(api) {}\n");
      writeConfig(h, {}, ["hello"]);
      const fixture = (dir: string, id: string) => {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "openclaw.plugin.json"), JSON.stringify({ id, configSchema: emptySchema }));
        writeFileSync(
          join(dir, "package.json"),
          JSON.stringify({ name: id, version: "1.0.0", openclaw: { extensions: ["./index.ts"] } }),
        );
        writeFileSync(join(dir, "index.ts"), "export default function register(api) {}\n");
      };
      fixture(join(cwd, "copyme"), "copyme");
      fixture(join(cwd, "extensions/voice-call"), "voice-call-dev");
      fixture(join(cwd, "tgz/package"), "from-tgz");
      tar.c({ gzip: true, file: join(cwd, "plugin.tgz"), cwd: join(cwd, "tgz"), sync: true }, ["package"]);
      fixture(join(cwd, "zip"), "from-zip");
      const { execFileSync } = await import("node:child_process");
      execFileSync("python3", [
        "-c",
        `import shutil; shutil.make_archive(${JSON.stringify(join(cwd, "plugin"))}, "zip", ${JSON.stringify(join(cwd, "zip"))})`,
      ]);
      const lines = b.code
        .split("\n")
        .map((l) => l.replace(/#.*$/, "").trim())
        .filter((l) => l !== "");
      const substitute = (line: string) =>
        line.replace("install <path>", `install ${join(cwd, "copyme")}`).replaceAll("<id>", "hello");
      for (const line of lines) {
        const args = substitute(line).split(/\s+/).slice(1);
        const result = await openclaw(h, args, cwd);
        const outcome = `${line} → exit ${result.code}\n${result.stdout}\n${result.stderr}`;
        if (line.startsWith("openclaw plugins update <id>")) {
          // Documented: update works only for npm installs tracked in plugins.installs.
          expect(`${result.stdout}${result.stderr}`, outcome).toMatch(/npm/);
        } else expect(result.code, outcome).toBe(0);
      }
      const list = json<{ plugins: Array<{ id: string; status: string }> }>(
        await openclaw(h, ["plugins", "list", "--json"]),
      );
      const ids = list.plugins.map((p) => p.id);
      for (const id of ["copyme", "voice-call-dev", "from-tgz", "from-zip", "voice-call"])
        expect(ids).toContain(id);
      expect(list.plugins.find((p) => p.id === "hello")?.status).toBe("disabled");
    },
  },
  {
    name: "registerGatewayMethod myplugin.status",
    matches: has('registerGatewayMethod("myplugin.status"'),
    async run(b) {
      const { h } = await runExample(b, "myplugin");
      expect(await call(h, "myplugin.status")).toEqual({ ok: true });
    },
  },
  {
    name: "registerCli mycmd",
    matches: has('program.command("mycmd")'),
    async run(b) {
      const h = home();
      addPlugin(h, "mycli", pluginModule(b.code));
      writeConfig(h, {}, ["mycli"]);
      const result = await openclaw(h, ["mycmd"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe("Hello");
    },
  },
  {
    name: "registerCommand mystatus",
    matches: has('name: "mystatus"'),
    async run(b) {
      const { h } = await runExample(b, "mystatus");
      const reply = await call(h, "commands.dispatch", { text: "/MyStatus", channel: "telegram" });
      expect(reply).toMatchObject({ handled: true, reply: { text: "Plugin is running! Channel: telegram" } });
    },
  },
  {
    name: "registerCommand setmode with arguments and authorization",
    matches: has('name: "setmode"'),
    async run(b) {
      const prelude = "const saveMode = async (mode) => { globalThis.__seedMode = mode; };\n";
      const { h } = await runExample(b, "setmode", { prelude });
      expect(await call(h, "commands.dispatch", { text: "/setmode fast" })).toMatchObject({
        reply: { text: "Mode set to: fast" },
      });
      expect(await call(h, "commands.dispatch", { text: "/setmode" })).toMatchObject({
        reply: { text: "Mode set to: default" },
      });
      const refused = await call(h, "commands.dispatch", { text: "/setmode x", authorized: false });
      expect(refused.reply.text).toContain("requires authorization");
    },
  },
  {
    name: "registerService my-service",
    matches: has('id: "my-service"'),
    async run(b) {
      const { h, g } = await runExample(b, "myservice", { logLevel: "info" });
      const info = json<any>(await openclaw(h, ["plugins", "info", "myservice", "--json"]));
      expect(JSON.stringify(info)).toContain("my-service");
      expect(g.output()).toContain("ready");
      await g.stop();
      expect(g.output()).toContain("bye");
    },
  },
  {
    name: "registerHook command:new (listed as plugin:<id>, runs on the event)",
    matches: has('name: "my-plugin.command-new"'),
    async run(b) {
      const { h } = await runExample(b, "my-plugin");
      const listed = await call(h, "hooks.list");
      expect(listed.hooks).toContainEqual(
        expect.objectContaining({ name: "my-plugin.command-new", source: "plugin:my-plugin" }),
      );
      const emitted = await call(h, "hooks.emit", { event: "command:new" });
      expect(JSON.stringify(emitted)).toContain('"ok":true');
    },
  },
  {
    name: 'registerPluginHooksFromDir(api, "./hooks")',
    matches: has("registerPluginHooksFromDir(api"),
    async run(b) {
      const h = home();
      const dir = addPlugin(h, "hookpack", b.code);
      mkdirSync(join(dir, "hooks/session-note"), { recursive: true });
      writeFileSync(
        join(dir, "hooks/session-note/HOOK.md"),
        '---\nname: session-note\ndescription: "Notes /new"\nmetadata:\n  openclaw:\n    events: ["command:new"]\n---\n# session-note\n',
      );
      writeFileSync(
        join(dir, "hooks/session-note/handler.ts"),
        "const handler = async (event: { type: string }): Promise<string> => `noted ${event.type}`;\nexport default handler;\n",
      );
      writeConfig(h, {}, ["hookpack"]);
      await gateway(h);
      const listed = await call(h, "hooks.list");
      expect(listed.hooks).toContainEqual(
        expect.objectContaining({ name: "session-note", source: "plugin:hookpack" }),
      );
      const emitted = await call(h, "hooks.emit", { event: "command:new" });
      expect(emitted.results).toContainEqual(expect.objectContaining({ name: "session-note", ok: true }));
      const toggle = await openclaw(h, ["hooks", "disable", "session-note"]);
      expect(toggle.code).not.toBe(0);
    },
  },
  {
    name: "typed hook before_prompt_build",
    matches: has('"before_prompt_build"'),
    async run(b) {
      const { h } = await runExample(b, "styleguide");
      const prepared = await call(h, "agent.prepare", { prompt: "hi" });
      expect(JSON.stringify(prepared)).toContain("Follow company style guide.");
    },
  },
  {
    name: "context engine lossless-claw selected by its engine id",
    matches: has('registerContextEngine("lossless-claw"'),
    async run(b) {
      const slot = sameSeed(b, 'contextEngine: "lossless-claw"');
      const h = home();
      // A context-engine plugin declares its kind in its manifest (the slot admits only that kind).
      addPlugin(h, "lossless-claw", pluginModule(b.code), { kind: "context-engine" });
      writeConfig(h, slot.code);
      const validate = await openclaw(h, ["config", "validate", "--json"]);
      expect(validate.code, validate.stdout).toBe(0);
      await gateway(h);
      expect(await call(h, "contextEngine.info")).toMatchObject({
        selected: "lossless-claw",
        owner: "plugin:lossless-claw",
        info: { id: "lossless-claw", ownsCompaction: true },
      });
    },
  },
  {
    name: "provider plugin acme and `openclaw models auth login --provider acme`",
    matches: has('id: "acme"'),
    async run(b) {
      const { h } = await runExample(b, "acme-auth", { manifest: { providers: ["acme"] } });
      const providers = await call(h, "providers.list");
      expect(providers.providers).toContainEqual(expect.objectContaining({ id: "acme", label: "AcmeAI" }));
      const login = await openclaw(h, ["models", "auth", "login", "--provider", "acme"]);
      expect(login.code, login.stderr).toBe(0);
      expect(`${login.stdout}${login.stderr}`).not.toContain('refresh: "..."');
      if (b.code.includes("wizard:")) {
        const acme = providers.providers.find((p: any) => p.id === "acme");
        expect(acme.wizard.onboarding.choiceId).toBe("acme");
        expect(acme.discovery).toEqual({ order: "late" });
      }
    },
  },
  {
    name: "messaging channel acmechat, configured under channels.acmechat",
    matches: (b) => b.lang === "ts" && b.code.includes('id: "acmechat"'),
    async run(b) {
      const channelsConfig = sameSeed(b, "ACME_TOKEN");
      const h = home();
      addPlugin(h, "acmechat", pluginModule(b.code), { channels: ["acmechat"] });
      writeConfig(
        h,
        channelsConfig.code.replace(/^\{/, '{ plugins: { installs: { acmechat: { source: "path" } } },'),
      );
      const validate = await openclaw(h, ["config", "validate", "--json"]);
      expect(validate.code, validate.stdout).toBe(0);
      await gateway(h);
      const listed = await call(h, "channels.list");
      expect(listed.channels).toContainEqual(
        expect.objectContaining({ id: "acmechat", label: "AcmeChat", aliases: ["acme"] }),
      );
      const status = await call(h, "channels.status", { channel: "acme" });
      expect(status.channels[0].accounts).toContainEqual(expect.objectContaining({ accountId: "default" }));
      expect(await call(h, "channels.send", { channel: "acme", to: "bob", text: "hi" })).toMatchObject({
        ok: true,
      });
    },
  },
  {
    name: "HTTP route /acme/webhook with plugin auth",
    matches: has('path: "/acme/webhook"'),
    async run(b) {
      const { g } = await runExample(b, "acme-webhook");
      const response = await fetch(`${g.url}/acme/webhook`, { method: "POST", body: "{}" });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("ok");
    },
  },
  {
    name: "plugin config with enabled, allow, deny, load.paths and entries (strict validation)",
    matches: (b) => b.lang === "json5" && b.code.includes('deny: ["untrusted-plugin"]'),
    async run(b) {
      const h = home();
      writeConfig(h, b.code);
      const result = await openclaw(h, ["config", "validate", "--json"]);
      expect(result.code).toBe(1);
      const report = json<{ errors: Array<{ code: string; path: string; message: string }> }>(result);
      // Documented: unknown ids in deny are errors; a missing load path is reported.
      expect(report.errors).toContainEqual(
        expect.objectContaining({ message: expect.stringContaining("untrusted-plugin") }),
      );
      expect(report.errors).toContainEqual(expect.objectContaining({ code: "PLUGIN_PATH_NOT_FOUND" }));
    },
  },
  {
    name: "memory slot memory-core (and contextEngine legacy)",
    matches: (b) => b.lang === "json5" && b.code.includes('memory: "memory-core"'),
    async run(b) {
      const h = home();
      writeConfig(h, b.code);
      const result = await openclaw(h, ["config", "validate", "--json"]);
      expect(result.code, result.stdout).toBe(0);
      const list = json<{ plugins: Array<{ id: string; status: string }> }>(
        await openclaw(h, ["plugins", "list", "--json"]),
      );
      expect(list.plugins.find((p) => p.id === "memory-core")?.status).toMatch(/enabled|loaded/);
    },
  },
  {
    name: "slot contextEngine lossless-claw (checked with the context engine example)",
    matches: (b) =>
      b.lang === "json5" && b.code.includes('contextEngine: "lossless-claw"') && !b.code.includes("memory"),
    async run(b) {
      expect(sameSeed(b, 'registerContextEngine("lossless-claw"')).toBeDefined();
    },
  },
  {
    name: "channels.acmechat accounts (checked with the channel example)",
    matches: (b) => b.lang === "json5" && b.code.includes("ACME_TOKEN"),
    async run(b) {
      const h = home();
      writeConfig(h, b.code);
      const result = await openclaw(h, ["config", "validate", "--json"]);
      // Documented: unknown channels.<id> keys are errors unless a plugin manifest declares the channel.
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("acmechat");
    },
  },
  {
    name: "npm pack with two extensions (ids <name>/<fileBase>)",
    matches: (b) => b.lang === "json" && b.code.includes('"name": "my-pack"'),
    async run(b) {
      const h = home();
      const dir = join(h.dir, "my-pack");
      mkdirSync(join(dir, "src"), { recursive: true });
      writeFileSync(join(dir, "package.json"), b.code);
      writeFileSync(
        join(dir, "openclaw.plugin.json"),
        JSON.stringify({ id: "my-pack", configSchema: emptySchema }),
      );
      for (const file of ["safety", "tools"])
        writeFileSync(join(dir, `src/${file}.ts`), "export default function register(api) {}\n");
      const install = await openclaw(h, ["plugins", "install", dir, "--json"]);
      expect(install.code, install.stderr).toBe(0);
      expect(json<any>(install).pluginIds).toEqual(["my-pack/safety", "my-pack/tools"]);
      expect((await openclaw(h, ["config", "validate"])).code).toBe(0);
      const list = json<{ plugins: Array<{ id: string; status: string }> }>(
        await openclaw(h, ["plugins", "list", "--json"]),
      );
      for (const id of ["my-pack/safety", "my-pack/tools"])
        expect(list.plugins.find((p) => p.id === id)?.status).toBe("enabled");
    },
  },
  {
    name: "channel catalog metadata (openclaw.channel, openclaw.install)",
    matches: (b) => b.lang === "json" && b.code.includes('"id": "nextcloud-talk"'),
    async run(b) {
      const h = home();
      const dir = join(h.stateDir, "extensions", "nextcloud-talk");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "package.json"), b.code);
      writeFileSync(
        join(dir, "openclaw.plugin.json"),
        JSON.stringify({ id: "nextcloud-talk", channels: ["nextcloud-talk"], configSchema: emptySchema }),
      );
      writeFileSync(join(dir, "index.ts"), "export default () => {};\n");
      const catalog = json<{ entries: Array<Record<string, any>> }>(
        await openclaw(h, ["plugins", "catalog", "--json"]),
      );
      const entry = catalog.entries.find((e) => e.channel?.id === "nextcloud-talk");
      expect(entry?.channel).toMatchObject({
        label: "Nextcloud Talk",
        aliases: ["nc-talk", "nc"],
        order: 65,
      });
      expect(entry?.install).toMatchObject({ npmSpec: "@openclaw/nextcloud-talk", defaultChoice: "npm" });
    },
  },
  {
    name: "manifest with uiHints (labels, placeholder, sensitive in config.schema)",
    matches: (b) => b.lang === "json" && b.code.includes('"id": "my-plugin"'),
    async run(b) {
      const h = home();
      const dir = join(h.stateDir, "extensions", "my-plugin");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "openclaw.plugin.json"), b.code);
      writeFileSync(join(dir, "index.ts"), "export default () => {};\n");
      writeConfig(
        h,
        { plugins: { entries: { "my-plugin": { config: { apiKey: "k", region: "eu-west-1" } } } } },
        ["my-plugin"],
      );
      expect((await openclaw(h, ["config", "validate"])).code).toBe(0);
      const schema = json<any>(await openclaw(h, ["config", "schema"]));
      const text = JSON.stringify(schema);
      expect(text).toContain(
        '"plugins.entries.my-plugin.config.apiKey":{"label":"API Key","sensitive":true}',
      );
      expect(text).toContain("us-east-1");
    },
  },
  {
    name: "manifest required fields (id, configSchema)",
    matches: (b) => b.seed === "003",
    async run(b) {
      const h = home();
      h.env.OPENCLAW_BUNDLED_PLUGINS_DIR = "";
      const dir = join(h.stateDir, "extensions", "voice-call");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "openclaw.plugin.json"), b.code);
      writeFileSync(join(dir, "index.ts"), "export default () => {};\n");
      writeConfig(h, {}, ["voice-call"]);
      expect((await openclaw(h, ["config", "validate"])).code).toBe(0);
      const info = json<any>(await openclaw(h, ["plugins", "info", "voice-call", "--json"]));
      expect(info).toMatchObject({ id: "voice-call", status: "enabled" });
    },
  },
];

describe.each(blocks.map((b) => [b.label, b] as const))("%s", (_label, block) => {
  const matching = checks.filter((c) => c.matches(block));
  it.skipIf(matching.length !== 1)(
    `${matching[0]?.name ?? "unmatched"}`,
    () => (matching[0] as Check).run(block),
    120_000,
  );
});

describe("coverage of the seeds", () => {
  it("checks every example exactly once", () => {
    const unmatched = blocks
      .filter((b) => checks.filter((c) => c.matches(b)).length !== 1)
      .map((b) => b.label);
    expect(unmatched).toEqual([]);
    expect(blocks.length).toBeGreaterThan(40);
  });
});
