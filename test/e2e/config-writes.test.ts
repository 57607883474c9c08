import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import JSON5 from "json5";
import { afterEach, describe, expect, it } from "vitest";
import { createHome, type Home, openclaw } from "./helpers.js";

let home: Home | undefined;
afterEach(() => home?.cleanup());

/** A minimal plugin directory under `<state dir>/extensions/<id>`. */
function globalPlugin(h: Home, id: string): void {
  const dir = join(h.stateDir, "extensions", id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "openclaw.plugin.json"),
    JSON.stringify({ id, configSchema: { type: "object", properties: { level: { type: "integer" } } } }),
  );
  writeFileSync(join(dir, "index.js"), "export default () => {};\n");
}

const COMMENTED = `// OpenClaw config, edited by hand
{
  /* the gateway */
  gateway: { port: 18789 }, // keep this port
  plugins: {
    // nothing enabled yet
    entries: {},
  },
}
`;

describe("config writes from concurrent CLI processes", () => {
  it("keeps every change when 8 `plugins enable` run at once", async () => {
    home = createHome({ bundled: false });
    const ids = Array.from({ length: 8 }, (_, i) => `p${i}`);
    for (const id of ids) globalPlugin(home, id);
    const h = home;
    const results = await Promise.all(ids.map((id) => openclaw(h, ["plugins", "enable", id])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const config = JSON5.parse(readFileSync(join(home.stateDir, "openclaw.json"), "utf8"));
    expect(Object.keys(config.plugins.entries).sort()).toEqual(ids);
    for (const id of ids) expect(config.plugins.entries[id].enabled).toBe(true);
  });

  it("keeps every change when 4 installs and 4 enables run at once", async () => {
    home = createHome({ bundled: false });
    const h = home;
    const enabled = ["e0", "e1", "e2", "e3"];
    for (const id of enabled) globalPlugin(h, id);
    const installed = ["i0", "i1", "i2", "i3"];
    for (const id of installed) {
      const dir = join(h.dir, "src", id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, "openclaw.plugin.json"),
        JSON.stringify({ id, configSchema: { type: "object" } }),
      );
      writeFileSync(join(dir, "index.js"), "export default () => {};\n");
    }
    const results = await Promise.all([
      ...installed.map((id) => openclaw(h, ["plugins", "install", join(h.dir, "src", id)])),
      ...enabled.map((id) => openclaw(h, ["plugins", "enable", id])),
    ]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const config = JSON5.parse(readFileSync(join(h.stateDir, "openclaw.json"), "utf8"));
    expect(Object.keys(config.plugins.installs).sort()).toEqual(installed);
    expect(Object.keys(config.plugins.entries).sort()).toEqual([...enabled, ...installed].sort());
  });

  it("keeps the user's comments and formatting when a plugin is enabled", async () => {
    home = createHome({ bundled: false });
    globalPlugin(home, "alpha");
    mkdirSync(home.stateDir, { recursive: true });
    const file = join(home.stateDir, "openclaw.json");
    writeFileSync(file, COMMENTED);
    const r = await openclaw(home, ["plugins", "enable", "alpha"]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(file, "utf8");
    for (const comment of [
      "// OpenClaw config, edited by hand",
      "/* the gateway */",
      "// keep this port",
      "// nothing enabled yet",
    ]) {
      expect(text).toContain(comment);
    }
    expect(text).toContain("gateway: { port: 18789 },");
    expect(JSON5.parse(text)).toEqual({
      gateway: { port: 18789 },
      plugins: { entries: { alpha: { enabled: true } } },
    });
  });

  it("never overwrites a config that does not parse", async () => {
    home = createHome({ bundled: false });
    globalPlugin(home, "alpha");
    mkdirSync(home.stateDir, { recursive: true });
    const file = join(home.stateDir, "openclaw.json");
    const broken = "{ plugins: { entries: { alpha: { enabled: false } } } // missing brace\n";
    writeFileSync(file, broken);
    const r = await openclaw(home, ["plugins", "enable", "alpha"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("CONFIG_PARSE_FAILED");
    expect(readFileSync(file, "utf8")).toBe(broken);
  });

  it("takes over a lock left behind by a process killed with SIGKILL", async () => {
    home = createHome({ bundled: false });
    globalPlugin(home, "alpha");
    mkdirSync(home.stateDir, { recursive: true });
    const file = join(home.stateDir, "openclaw.json");
    writeFileSync(file, "{}\n");
    // A process takes the config lock with the same library and is killed while holding it.
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import lockfile from ${JSON.stringify(createRequire(import.meta.url).resolve("proper-lockfile"))};
         await lockfile.lock(${JSON.stringify(file)}, { realpath: false });
         process.stdout.write("locked\\n");
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout?.once("data", () => resolve());
      holder.once("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    holder.kill("SIGKILL");
    await exited;
    // The lock is stale once its mtime is older than the stale threshold; age it instead of waiting.
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    const r = await openclaw(home, ["plugins", "enable", "alpha"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON5.parse(readFileSync(file, "utf8")).plugins.entries.alpha.enabled).toBe(true);
  });
});

describe("openclaw config get|set|unset", () => {
  it("sets, reads and unsets values through the config lock, keeping comments", async () => {
    home = createHome({ bundled: false });
    globalPlugin(home, "alpha");
    mkdirSync(home.stateDir, { recursive: true });
    const file = join(home.stateDir, "openclaw.json");
    writeFileSync(file, COMMENTED);
    const set = await openclaw(home, ["config", "set", "plugins.entries.alpha.config.level", "3"]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("openclaw plugins reload alpha");
    const text = readFileSync(file, "utf8");
    expect(text).toContain("// keep this port");
    expect(JSON5.parse(text).plugins.entries.alpha.config.level).toBe(3);

    const got = await openclaw(home, ["config", "get", "plugins.entries.alpha", "--json"]);
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual({ config: { level: 3 } });
    const plain = await openclaw(home, ["config", "set", "gateway.bind", "127.0.0.2"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect((await openclaw(home, ["config", "get", "gateway.bind"])).stdout.trim()).toBe("127.0.0.2");

    const unset = await openclaw(home, ["config", "unset", "plugins.entries.alpha.config.level"]);
    expect(unset.code, unset.stderr).toBe(0);
    expect(JSON5.parse(readFileSync(file, "utf8")).plugins.entries.alpha.config).toEqual({});
    const missing = await openclaw(home, ["config", "get", "plugins.entries.alpha.config.level"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("CONFIG_PATH_NOT_FOUND");
  });

  it("refuses a value the plugin's schema rejects, naming the path, and writes nothing", async () => {
    home = createHome({ bundled: false });
    globalPlugin(home, "alpha");
    mkdirSync(home.stateDir, { recursive: true });
    const file = join(home.stateDir, "openclaw.json");
    writeFileSync(file, COMMENTED);
    const r = await openclaw(home, ["config", "set", "plugins.entries.alpha.config.level", "high"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("CONFIG_INVALID");
    expect(r.stderr).toContain("plugins.entries.alpha.config.level: must be integer");
    expect(readFileSync(file, "utf8")).toBe(COMMENTED);
  });
});
