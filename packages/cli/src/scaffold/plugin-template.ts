/** What `openclaw plugins new` needs to write a plugin. */
export interface PluginTemplateInput {
  /** Manifest id: lowercase letters, digits and `-`, starting with a letter. */
  id: string;
  /** npm package name. */
  packageName: string;
  /** Display name. */
  displayName: string;
  /** Host version the plugin is written against (semver), for `peerDependencies.openclaw`. */
  hostVersion: string;
  /** The `@openclaw/plugin-sdk` dependency spec (a version range, or a tarball path before publication). */
  sdkSpec: string;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function manifest(t: PluginTemplateInput): string {
  return json({
    id: t.id,
    name: t.displayName,
    description: `${t.displayName}: greets people (scaffolded by openclaw plugins new).`,
    configSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        greeting: { type: "string", default: "Hello", minLength: 1 },
        excited: { type: "boolean", default: false },
      },
    },
    uiHints: {
      greeting: { label: "Greeting", help: "Word put before the name", placeholder: "Hello" },
      excited: { label: "End with !", advanced: true },
    },
  });
}

function packageJson(t: PluginTemplateInput): string {
  return json({
    name: t.packageName,
    version: "0.1.0",
    description: `${t.displayName} plugin for OpenClaw`,
    type: "module",
    license: "MIT",
    files: ["src", "!src/**/*.test.ts", "openclaw.plugin.json"],
    openclaw: { extensions: ["./src/index.ts"] },
    scripts: { test: "vitest run", typecheck: "tsc --noEmit" },
    peerDependencies: { openclaw: `>=${t.hostVersion}` },
    peerDependenciesMeta: { openclaw: { optional: true } },
    devDependencies: {
      "@openclaw/plugin-sdk": t.sdkSpec,
      "@types/node": "^20.19.0",
      typescript: "^6.0.3",
      vitest: "^4.1.12",
    },
  });
}

const TSCONFIG = json({
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  },
  include: ["src"],
});

function entry(t: PluginTemplateInput): string {
  return `import { definePluginEntry } from "@openclaw/plugin-sdk/core";

interface ${pascal(t.id)}Config {
  greeting: string;
  excited: boolean;
}

/** Builds the greeting for \`name\` from the plugin's validated config. */
export function greet(config: ${pascal(t.id)}Config, name: string): string {
  return \`\${config.greeting}, \${name}\${config.excited ? "!" : "."}\`;
}

export default definePluginEntry({
  id: "${t.id}", // must equal the manifest id
  name: "${t.displayName}",
  register(api) {
    const config = api.pluginConfig as unknown as ${pascal(t.id)}Config; // validated, defaults applied
    api.registerGatewayMethod("${t.id}.greet", ({ params, respond }) =>
      respond(true, { text: greet(config, String(params.name ?? "world")) }),
    );
    api.registerTool({
      name: "${t.id.replace(/-/g, "_")}_greet",
      description: "Greets someone by name",
      parameters: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
      execute: async (_toolCallId, params: { name: string }) => ({
        content: [{ type: "text", text: greet(config, params.name) }],
      }),
    });
    api.registerCli(
      ({ program, callGateway, print }) => {
        program
          .command("${t.id}")
          .description("${t.displayName} commands")
          .command("greet <name>")
          .description("Ask the running gateway for a greeting")
          .action(async (name: string) => {
            print(JSON.stringify(await callGateway("${t.id}.greet", { name })));
          });
      },
      { commands: ["${t.id}"] },
    );
  },
});
`;
}

function test(t: PluginTemplateInput): string {
  return `import { createTestApi } from "@openclaw/plugin-sdk/testing";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";

describe("${t.id}", () => {
  it("answers ${t.id}.greet with the configured greeting", async () => {
    const harness = createTestApi({ id: "${t.id}", pluginConfig: { greeting: "Hi", excited: true } });
    harness.load(plugin);
    expect(harness.registrations.gatewayMethods).toEqual(["${t.id}.greet"]);
    const answer = await harness.callGatewayMethod("${t.id}.greet", { name: "Ada" });
    expect(answer).toEqual({ ok: true, payload: { text: "Hi, Ada!" } });
  });

  it("runs the ${t.id.replace(/-/g, "_")}_greet tool", async () => {
    const harness = createTestApi({ id: "${t.id}", pluginConfig: { greeting: "Hello", excited: false } });
    harness.load(plugin);
    const result = await harness.runTool("${t.id.replace(/-/g, "_")}_greet", { name: "Grace" });
    expect(result.content).toEqual([{ type: "text", text: "Hello, Grace." }]);
  });

  it("adds the ${t.id} greet CLI command, which calls the gateway", async () => {
    const harness = createTestApi({ id: "${t.id}", pluginConfig: { greeting: "Hey", excited: false } });
    harness.load(plugin);
    const run = await harness.runCli(["${t.id}", "greet", "Linus"]);
    expect(run.gatewayCalls).toEqual([{ method: "${t.id}.greet", params: { name: "Linus" } }]);
    expect(run.output).toEqual([JSON.stringify({ text: "Hey, Linus." })]);
  });
});
`;
}

function readme(t: PluginTemplateInput): string {
  return `# ${t.displayName}

An OpenClaw plugin (id \`${t.id}\`). It registers the gateway method \`${t.id}.greet\`, the agent tool
\`${t.id.replace(/-/g, "_")}_greet\` and the CLI command \`openclaw ${t.id} greet <name>\`.

\`\`\`bash
npm install                                # types (@openclaw/plugin-sdk), TypeScript, vitest
npm test                                   # the tests run the plugin against @openclaw/plugin-sdk/testing
npm run typecheck
openclaw plugins install -l .              # use this directory in place
openclaw plugins reload ${t.id}            # in a running gateway (or restart it)
openclaw ${t.id} greet Ada
\`\`\`

Config lives under \`plugins.entries.${t.id}.config\` (schema and UI hints: \`openclaw.plugin.json\`).
`;
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** The files of a new TypeScript plugin, by path relative to its directory. */
export function pluginTemplate(t: PluginTemplateInput): Record<string, string> {
  return {
    "openclaw.plugin.json": manifest(t),
    "package.json": packageJson(t),
    "tsconfig.json": TSCONFIG,
    "src/index.ts": entry(t),
    "src/index.test.ts": test(t),
    "README.md": readme(t),
    ".gitignore": "node_modules/\n",
  };
}
