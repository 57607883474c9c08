import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli.js";

/** One in-process CLI run: exit status and what went to stdout and stderr. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temp state dir with an optional config and a `greeter` plugin whose CLI command is `greeter`. */
export interface Sandbox {
  dir: string;
  stateDir: string;
  configPath: string;
  pluginDir: string;
  /** Created by the greeter plugin's module when it is imported (any mode). */
  importMarker: string;
  env: Record<string, string | undefined>;
  run(argv: string[], extraEnv?: Record<string, string>): Promise<Run>;
  cleanup(): void;
}

const GREETER_ENTRY = `import { writeFileSync } from "node:fs";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
writeFileSync(process.env.GREETER_IMPORT_MARKER, "imported");
export default {
  id: "greeter",
  name: "Greeter",
  register(api) {
    api.registerCli(({ program, callGateway, print }) => {
      const greeter = program.command("greeter").description("Greets through the gateway");
      greeter
        .command("hello <name>")
        .description("Ask the gateway to greet someone")
        .option("--loud", "shout")
        .action(async (name, opts) => print(JSON.stringify(await callGateway("greeter.hello", { name, loud: !!opts.loud }))));
      greeter
        .command("missing")
        .description("Always fails with a coded not-found error")
        .action(() => {
          throw new OpenClawError("PLUGIN_NOT_FOUND", "nothing here", { hint: "try another" });
        });
    }, { commands: ["greeter"], descriptors: [{ name: "greeter", description: "Greets through the gateway" }] });
  },
};
`;

/**
 * Creates a sandbox whose config enables the greeter plugin (through `plugins.load.paths`) unless
 * `withPlugin` is false. No gateway runs: the gateway URL points at a closed loopback port.
 */
export function createSandbox(options: { withPlugin?: boolean; config?: unknown } = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-cli-"));
  const stateDir = join(dir, "state");
  const pluginDir = join(dir, "greeter");
  mkdirSync(stateDir, { recursive: true });
  mkdirSync(pluginDir, { recursive: true });
  writeFileSync(
    join(pluginDir, "openclaw.plugin.json"),
    JSON.stringify({ id: "greeter", configSchema: { type: "object" } }),
  );
  writeFileSync(
    join(pluginDir, "package.json"),
    JSON.stringify({ name: "greeter", type: "module", openclaw: { extensions: ["./index.js"] } }),
  );
  writeFileSync(join(pluginDir, "index.js"), GREETER_ENTRY);
  const configPath = join(stateDir, "openclaw.json");
  const config =
    options.config ??
    (options.withPlugin === false
      ? undefined
      : { plugins: { load: { paths: [pluginDir] }, entries: { greeter: { enabled: true } } } });
  if (config !== undefined) writeFileSync(configPath, JSON.stringify(config, null, 2));
  const importMarker = join(dir, "imported.txt");
  const env: Record<string, string | undefined> = {
    HOME: dir,
    PATH: process.env.PATH,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_BUNDLED_PLUGINS_DIR: "",
    OPENCLAW_GATEWAY_URL: "http://127.0.0.1:9",
    OPENCLAW_DISABLE_PLUGIN_DISCOVERY_CACHE: "1",
    OPENCLAW_DISABLE_PLUGIN_MANIFEST_CACHE: "1",
    GREETER_IMPORT_MARKER: importMarker,
  };
  process.env.GREETER_IMPORT_MARKER = importMarker;
  return {
    dir,
    stateDir,
    configPath,
    pluginDir,
    importMarker,
    env,
    async run(argv, extraEnv = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, {
        env: { ...env, ...extraEnv },
        cwd: dir,
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        isTTY: { stdout: false, stderr: false },
      });
      return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
