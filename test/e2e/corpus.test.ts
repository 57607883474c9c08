import { existsSync } from "node:fs";
import { join } from "node:path";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusList, fetchCorpus } from "./corpus.js";
import {
  createHome,
  type Home,
  json,
  openclaw,
  type RunningGateway,
  repoRoot,
  startGateway,
} from "./helpers.js";

interface Entry {
  id: string;
  status: string;
  version?: string;
  channels: string[];
  uiHints?: Record<string, unknown>;
  error?: { code: string; message: string };
  registrations: Record<string, string[]>;
}

let home: Home;
let gateway: RunningGateway | undefined;
let tarballs: string[];

beforeAll(async () => {
  expect(existsSync(corpusList), `${corpusList} must exist (shared/ beside the checkout)`).toBe(true);
  tarballs = fetchCorpus();
  home = createHome({ bundled: false });
  const hello = join(home.dir, "hello-ts.tgz");
  tar.c(
    {
      gzip: true,
      file: hello,
      cwd: join(repoRoot, "test/e2e/fixtures/hello-ts"),
      sync: true,
      prefix: "package",
    },
    ["."],
  );
  tarballs.push(hello);
});

afterAll(async () => {
  await gateway?.stop();
  home?.cleanup();
});

describe("real published plugins", () => {
  it("installs every pinned plugin with the CLI; those built for a larger SDK only with --force", async () => {
    for (const file of tarballs) {
      let result = await openclaw(home, ["plugins", "install", file]);
      if (/openclaw-(nostr|zalo)-/.test(file)) {
        // Refused before anything is written: they import SDK subpaths this host lacks.
        expect(result.code, file).toBe(1);
        expect(result.stderr).toContain("PLUGIN_SDK_SUBPATH_MISSING");
        expect(result.stderr).toContain("--force");
        result = await openclaw(home, ["plugins", "install", file, "--force"]);
      }
      expect(result.code, `${file}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain("Installed plugin:");
    }
  });

  it("passes the control plane without running plugin code", async () => {
    const report = json<{ plugins: Entry[] }>(await openclaw(home, ["plugins", "list", "--json"]));
    const byId = new Map(report.plugins.map((p) => [p.id, p]));
    expect([...byId.keys()].sort()).toEqual([
      "context-compactor",
      "hello-ts",
      "nostr",
      "openclaw-web-search",
      "zalo",
    ]);
    for (const id of ["openclaw-web-search", "context-compactor", "hello-ts"])
      expect(byId.get(id)?.status, id).toBe("enabled");
    expect(byId.get("nostr")).toMatchObject({ version: "2026.9.5", channels: ["nostr"] });
    expect(byId.get("zalo")?.channels).toEqual(["zalo"]);
    for (const id of ["nostr", "zalo"]) {
      // Found statically, before any of their code runs: they import SDK subpaths this host lacks
      // and declare a newer host range.
      const entry = byId.get(id);
      expect(entry?.status, id).toBe("error");
      expect(entry?.error?.code).toBe("PLUGIN_SDK_SUBPATH_MISSING");
      expect(entry?.error?.message).toContain("openclaw/plugin-sdk/channel-core");
      expect(entry?.error?.message).toContain("plugin requires OpenClaw >=");
    }
    expect(byId.get("context-compactor")?.uiHints).toHaveProperty("maxTokens");
    const info = await openclaw(home, ["plugins", "info", "context-compactor"]);
    expect(info.stdout).toContain("config:     enabled, maxTokens");
  });

  it("loads the first two and the TypeScript plugin, and contains the plugins built for a larger SDK", async () => {
    gateway = await startGateway(home);
    const report = json<{ plugins: Entry[] }>(await openclaw(home, ["plugins", "list", "--json"]));
    const byId = new Map(report.plugins.map((p) => [p.id, p]));
    expect(byId.get("openclaw-web-search")).toMatchObject({ status: "loaded" });
    expect(byId.get("openclaw-web-search")?.registrations.tools).toEqual([
      "ollama_web_search",
      "ollama_web_fetch",
    ]);
    expect(byId.get("context-compactor")?.registrations).toMatchObject({
      typedHooks: ["before_agent_start"],
      commands: ["compact-now", "context-stats"],
      gatewayMethods: ["context-compactor.stats"],
    });
    for (const id of ["nostr", "zalo"]) {
      const entry = byId.get(id);
      expect(entry?.status, id).toBe("error");
      expect(entry?.error?.code).toBe("PLUGIN_SDK_SUBPATH_MISSING");
      expect(entry?.error?.message).toContain("openclaw/plugin-sdk/channel-core");
    }
    expect(byId.get("hello-ts")?.status).toBe("loaded");
  });

  it("serves what the loaded plugins registered", async () => {
    const stats = json<{ messages: number; error?: string }>(
      await openclaw(home, ["gateway", "call", "context-compactor.stats", "--params", "{}"]),
    );
    expect(stats).toMatchObject({ error: "Session file not found", messages: 0 });
    const reply = json<{ handled: boolean; reply: { text: string } }>(
      await openclaw(home, [
        "gateway",
        "call",
        "commands.dispatch",
        "--params",
        JSON.stringify({ text: "/compact-now" }),
      ]),
    );
    expect(reply.reply.text).toContain("cache cleared");
    const tools = json<{ tools: Array<{ name: string }> }>(
      await openclaw(home, ["gateway", "call", "tools.list"]),
    );
    expect(tools.tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["ollama_web_search", "ollama_web_fetch", "hello_greet"]),
    );
    const greet = json<{ content: Array<{ text: string }> }>(
      await openclaw(home, [
        "gateway",
        "call",
        "tools.invoke",
        "--params",
        JSON.stringify({ name: "hello_greet", params: { name: "Ada" } }),
      ]),
    );
    expect(greet.content[0]?.text).toBe("Hello, Ada!");
    expect(
      json(await openclaw(home, ["gateway", "call", "hello-ts.greet", "--params", '{"name":"Bob"}'])),
    ).toEqual({ text: "Hello, Bob!" });
    expect(await (await fetch(`${gateway?.url}/hello-ts/ping`)).text()).toBe("Hello from a plugin route");
  });
});
