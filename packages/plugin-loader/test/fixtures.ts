import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A temp dir that tests populate with plugins and a state dir. */
export interface Sandbox {
  root: string;
  stateDir: string;
  globalDir: string;
  env: Record<string, string>;
  /** Writes a plugin dir with a manifest, package.json and files; returns its path. */
  plugin(dir: string, spec: PluginSpec): string;
  cleanup(): void;
}

/** What {@link Sandbox.plugin} writes. */
export interface PluginSpec {
  id?: string;
  manifest?: Record<string, unknown> | string | null;
  packageJson?: Record<string, unknown> | null;
  files?: Record<string, string>;
}

/** Creates a sandbox; bundled plugins are disabled so the repo's own extensions/ stay out. */
export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "openclaw-loader-"));
  const stateDir = join(root, "state");
  const globalDir = join(stateDir, "extensions");
  mkdirSync(globalDir, { recursive: true });
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  return {
    root,
    stateDir,
    globalDir,
    env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_BUNDLED_PLUGINS_DIR: "", HOME: root },
    plugin(dir, spec) {
      const path = join(root, dir);
      mkdirSync(path, { recursive: true });
      const id = spec.id ?? dir.split("/").pop() ?? "p";
      if (spec.manifest !== null) {
        const manifest = spec.manifest ?? {
          id,
          configSchema: { type: "object", additionalProperties: false, properties: {} },
        };
        write(
          join(path, "openclaw.plugin.json"),
          typeof manifest === "string" ? manifest : JSON.stringify(manifest),
        );
      }
      if (spec.packageJson !== null) {
        write(
          join(path, "package.json"),
          JSON.stringify(
            spec.packageJson ?? {
              name: id,
              version: "1.0.0",
              type: "module",
              openclaw: { extensions: ["./index.ts"] },
            },
          ),
        );
      }
      for (const [file, text] of Object.entries(
        spec.files ?? { "index.ts": "export default function register() {}\n" },
      )) {
        write(join(path, file), text);
      }
      return path;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
