import { describe, expect, it } from "vitest";
import { definePluginEntry, OpenClawError } from "../src/core.js";
import { createTestApi, TEST_GATEWAY_TOKEN } from "../src/testing/index.js";

/** A plugin that registers one of every kind, as an author would write it. */
const everything = definePluginEntry({
  id: "every",
  name: "Every kind",
  register(api) {
    const { prefix } = api.pluginConfig as { prefix: string };
    api.registerGatewayMethod("every.echo", ({ params, respond }) =>
      respond(true, { echo: `${prefix}${params.text}` }),
    );
    api.registerGatewayMethod("every.fail", () => {
      throw new OpenClawError("PLUGIN_NOT_FOUND", "gone", { hint: "look elsewhere" });
    });
    api.registerTool({
      name: "every_upper",
      description: "Upper-cases text",
      parameters: { type: "object", properties: { text: { type: "string" } } },
      execute: async (_id, p: { text: string }) => ({
        content: [{ type: "text", text: p.text.toUpperCase() }],
      }),
    });
    api.registerTool((ctx) => ({
      name: "every_agent",
      description: "Names the agent",
      parameters: { type: "object" },
      execute: () => ({ content: [{ type: "text", text: ctx.agentId ?? "none" }] }),
    }));
    api.on("before_prompt_build", () => ({ prependContext: "low" }), { priority: 1 });
    api.on("before_prompt_build", () => ({ prependContext: "high" }), { priority: 10 });
    api.registerHook("command:new", (event) => `new ${String(event.who)}`, { name: "every.new" });
    api.registerCommand({
      name: "EveryStatus",
      description: "Status",
      acceptsArgs: true,
      handler: (c) => ({ text: `args=${c.args}` }),
    });
    const events: string[] = [];
    api.registerService({
      id: "a",
      start: () => void events.push("start a"),
      stop: () => void events.push("stop a"),
    });
    api.registerService({
      id: "b",
      start: () => void events.push("start b"),
      stop: () => void events.push("stop b"),
    });
    api.registerService({ id: "a", start: () => void events.push("dup") });
    api.registerGatewayMethod("every.events", ({ respond }) => respond(true, events));
    api.registerHttpRoute({
      path: "/every/hook",
      auth: "plugin",
      handler: (req, res) => void res.end(`plugin ${req.method}`),
    });
    api.registerHttpRoute({
      path: "every/admin",
      auth: "gateway",
      match: "prefix",
      handler: (req, res) => void res.end(req.url),
    });
    api.registerHttpRoute({ path: "/no-auth", handler: () => true } as never);
    api.registerCli(
      ({ program, callGateway, print }) => {
        program
          .command("every")
          .command("echo <text>")
          .action(async (text: string) => print(JSON.stringify(await callGateway("every.echo", { text }))));
      },
      { commands: ["every"] },
    );
    api.registerProvider({ id: "every-llm", label: "Every LLM", auth: [] });
    api.registerContextEngine("every-engine", () => ({}) as never);
    api.logger.info("registered", { kinds: 11 });
  },
});

const load = () => createTestApi({ id: "every", pluginConfig: { prefix: "> " } }).load(everything);

describe("@openclaw/plugin-sdk/testing", () => {
  it("records every registration by kind, and drops what the host would drop with a diagnostic", () => {
    const harness = load();
    expect(harness.registrations).toMatchObject({
      gatewayMethods: ["every.echo", "every.fail", "every.events"],
      tools: ["every_upper", "<factory>"],
      typedHooks: ["before_prompt_build", "before_prompt_build"],
      legacyHooks: ["every.new"],
      commands: ["EveryStatus"],
      services: ["a", "b"],
      httpRoutes: ["/every/hook", "/every/admin"],
      cliCommands: ["every"],
      providers: ["every-llm"],
      contextEngines: ["every-engine"],
    });
    expect(harness.recorded.diagnostics.map((d) => d.message)).toEqual([
      "duplicate service a",
      "route /no-auth has no auth",
    ]);
    expect(harness.logs).toEqual([{ level: "info", message: "registered", fields: { kinds: 11 } }]);
  });

  it("answers gateway methods like the gateway, a thrown coded error included", async () => {
    const harness = load();
    expect(await harness.callGatewayMethod("every.echo", { text: "hi" })).toEqual({
      ok: true,
      payload: { echo: "> hi" },
    });
    expect(await harness.callGatewayMethod("every.fail")).toEqual({
      ok: false,
      error: { code: "PLUGIN_NOT_FOUND", message: "gone", hint: "look elsewhere" },
    });
    await expect(harness.callGatewayMethod("every.nope")).rejects.toMatchObject({
      code: "GATEWAY_METHOD_NOT_FOUND",
    });
  });

  it("runs tools, resolving factories with the run context", async () => {
    const harness = load();
    expect((await harness.runTool("every_upper", { text: "abc" })).content).toEqual([
      { type: "text", text: "ABC" },
    ]);
    expect(harness.tools({ agentId: "main" }).map((t) => t.name)).toEqual(["every_upper", "every_agent"]);
    await expect(harness.runTool("nope")).rejects.toMatchObject({ code: "GATEWAY_TOOL_NOT_FOUND" });
  });

  it("runs typed hooks by priority (higher first) and legacy hooks by event", async () => {
    const harness = load();
    expect(await harness.runHook("before_prompt_build", { prompt: "x" })).toEqual([
      { prependContext: "high" },
      { prependContext: "low" },
    ]);
    expect(await harness.emitLegacyHook("command:new", { who: "ada" })).toEqual(["new ada"]);
    expect(await harness.emitLegacyHook("command:other")).toEqual([]);
  });

  it("runs slash commands case-insensitively with their arguments", async () => {
    expect(await load().runCommand("everystatus", { args: "now" })).toEqual({ text: "args=now" });
  });

  it("starts services in order and stops them in reverse", async () => {
    const harness = load();
    await harness.startServices();
    await harness.stopServices();
    expect(await harness.callGatewayMethod("every.events")).toEqual({
      ok: true,
      payload: ["start a", "start b", "stop b", "stop a"],
    });
  });

  it("runs the plugin's CLI with callGateway answered by its own methods, and refuses unknown flags", async () => {
    const harness = load();
    const run = await harness.runCli(["every", "echo", "yo"]);
    expect(run).toEqual({
      output: [JSON.stringify({ echo: "> yo" })],
      gatewayCalls: [{ method: "every.echo", params: { text: "yo" } }],
    });
    const stubbed = await harness.runCli(["every", "echo", "yo"], { gateway: () => ({ stub: true }) });
    expect(stubbed.output).toEqual(['{"stub":true}']);
    await expect(harness.runCli(["every", "echo", "yo", "--bogus"])).rejects.toMatchObject({
      code: "CLI_USAGE",
    });
  });

  it("serves HTTP routes over a real loopback request, enforcing gateway auth and prefix matching", async () => {
    const harness = load();
    expect(await harness.injectHttp({ method: "POST", url: "/every/hook", body: "x" })).toMatchObject({
      statusCode: 200,
      body: "plugin POST",
    });
    expect((await harness.injectHttp({ url: "/every/admin/x" })).statusCode).toBe(401);
    const authed = await harness.injectHttp({
      url: "/every/admin/x?y=1",
      headers: { authorization: `Bearer ${TEST_GATEWAY_TOKEN}` },
    });
    expect(authed).toMatchObject({ statusCode: 200, body: "/every/admin/x?y=1" });
    expect(
      (
        await harness.injectHttp({
          url: "/every/adminx",
          headers: { authorization: `Bearer ${TEST_GATEWAY_TOKEN}` },
        })
      ).statusCode,
    ).toBe(404);
  });

  it("in cli-metadata mode records only CLI registrations, as the CLI loads plugins", () => {
    const harness = createTestApi({
      id: "every",
      pluginConfig: { prefix: "" },
      registrationMode: "cli-metadata",
    }).load(everything);
    expect(harness.registrations.cliCommands).toEqual(["every"]);
    expect(harness.registrations.gatewayMethods).toEqual([]);
    expect(harness.registrations.tools).toEqual([]);
  });
});
