// Benchmark: `openclaw plugins list --json`, cold (a new process per run), with 0, 50 and 200 installed
// and enabled plugins, against `node -e 0` measured in the same run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measure } from "./measure.mjs";

function makeState(count) {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-bench-list-"));
  const stateDir = join(dir, "state");
  const installs = {};
  for (let i = 0; i < count; i++) {
    const id = `bench-plugin-${i}`;
    const root = join(stateDir, "extensions", id);
    mkdirSync(root, { recursive: true });
    writeFileSync(
      join(root, "openclaw.plugin.json"),
      JSON.stringify({
        id,
        name: `Bench ${i}`,
        configSchema: {
          type: "object",
          additionalProperties: false,
          properties: { level: { type: "integer", default: 1 } },
        },
      }),
    );
    writeFileSync(
      join(root, "package.json"),
      JSON.stringify({
        name: id,
        version: "1.0.0",
        type: "module",
        openclaw: { extensions: ["./index.ts"] },
      }),
    );
    writeFileSync(
      join(root, "index.ts"),
      `import { definePluginEntry } from "openclaw/plugin-sdk/core";\nexport default definePluginEntry({ id: "${id}", name: "B", register() {} });\n`,
    );
    installs[id] = { source: "path" };
  }
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, "openclaw.json"), JSON.stringify({ plugins: { installs } }));
  return { dir, stateDir };
}

/** Runs the benchmark and returns its result document. */
export function benchPluginsList(root, options = {}) {
  const cli = join(root, "packages/cli/bin/openclaw.mjs");
  const baseline = measure([process.execPath, "-e", "0"], process.env, options);
  const rows = [];
  for (const count of [0, 50, 200]) {
    const { dir, stateDir } = makeState(count);
    const env = {
      ...process.env,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_BUNDLED_PLUGINS_DIR: "",
    };
    try {
      const result = measure([process.execPath, cli, "plugins", "list", "--json"], env, options);
      rows.push({
        plugins: count,
        ...result,
        ratioToNode: +(result.medianMs / baseline.medianMs).toFixed(2),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    name: "plugins-list-cold",
    description:
      "openclaw plugins list --json, new process per run, N installed+enabled plugins; ratio = median / median(node -e 0)",
    baseline: { command: "node -e 0", ...baseline },
    target: "ratioToNode < 3 at 200 plugins",
    rows,
  };
}
