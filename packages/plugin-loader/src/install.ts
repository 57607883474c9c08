import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  errorMessage,
  isOpenClawError,
  type OpenClawConfig,
  OpenClawError,
  type PluginInstallRecord,
} from "@openclaw/plugin-sdk/core";
import { extractTarball } from "./archive.js";
import { withInstallRecord } from "./config-edit.js";
import { type PluginManifest, readManifest } from "./manifest.js";
import { schemaProblem } from "./schema-validator.js";

const execFileAsync = promisify(execFile);

/** Dependencies the host supplies through its SDK alias; never installed into a plugin. */
const HOST_PROVIDED = new Set(["openclaw", "@openclaw/plugin-sdk"]);

/** Options of {@link installPlugin}. */
export interface InstallPluginOptions {
  /** A plugin directory or a `.tgz`/`.tar.gz`/`.tar` archive. */
  source: string;
  /** `<state dir>/extensions`. */
  extensionsDir: string;
  config: OpenClawConfig;
  /** Replace an installed plugin with the same id. */
  force?: boolean;
  /** Working directory for relative sources; default `process.cwd()`. */
  cwd?: string;
}

/** What {@link installPlugin} did. */
export interface InstallPluginResult {
  id: string;
  installPath: string;
  manifest: PluginManifest;
  record: PluginInstallRecord;
  /** The config with the install recorded and the plugin enabled (not yet written). */
  config: OpenClawConfig;
  /** True when dependencies were installed with npm. */
  installedDependencies: boolean;
}

function isArchive(path: string): boolean {
  return /\.(tgz|tar\.gz|tar)$/i.test(path);
}

/** Directory name for an id: `/` and `\` become `__`. */
export function installDirName(id: string): string {
  const name = id.replace(/[/\\]/g, "__");
  if (name === "" || name === "." || name === ".." || name.startsWith(".")) {
    throw new OpenClawError("INSTALL_PACKAGE_INVALID", `invalid plugin id for an install directory: "${id}"`);
  }
  return name;
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function missingDependencies(dir: string, pkg: Record<string, unknown> | undefined): Promise<string[]> {
  const deps = Object.keys((pkg?.dependencies as Record<string, string> | undefined) ?? {}).filter(
    (d) => !HOST_PROVIDED.has(d),
  );
  return deps.filter((dep) => !existsSync(join(dir, "node_modules", dep, "package.json")));
}

async function installDependencies(dir: string, pkg: Record<string, unknown>): Promise<void> {
  const pkgPath = join(dir, "package.json");
  const original = await readFile(pkgPath, "utf8");
  const deps = { ...(pkg.dependencies as Record<string, string>) };
  for (const name of HOST_PROVIDED) delete deps[name];
  const trimmed = { name: pkg.name, version: pkg.version, private: true, dependencies: deps };
  await writeFile(pkgPath, JSON.stringify(trimmed, null, 2));
  try {
    await execFileAsync(
      process.platform === "win32" ? "npm.cmd" : "npm",
      ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"],
      {
        cwd: dir,
        timeout: 300_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, npm_config_ignore_scripts: "true" },
      },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new OpenClawError(
      "INSTALL_FAILED",
      `npm install of the plugin's dependencies failed: ${stderr || errorMessage(error)}`,
      {
        cause: error,
        hint: "Check the dependency names and your npm registry settings (.npmrc, npm_config_registry).",
      },
    );
  } finally {
    await writeFile(pkgPath, original);
  }
}

async function stageSource(sourcePath: string, stageDir: string): Promise<string> {
  if ((await stat(sourcePath)).isDirectory()) {
    await cp(sourcePath, stageDir, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !["node_modules", ".git"].includes(basename(src)) || src === sourcePath,
    });
    return stageDir;
  }
  if (!isArchive(sourcePath)) {
    throw new OpenClawError("INSTALL_UNSUPPORTED_SOURCE", `unsupported install source: ${sourcePath}`, {
      hint: "Give a plugin directory or a .tgz/.tar.gz/.tar archive (npm pack output).",
    });
  }
  await mkdir(stageDir, { recursive: true });
  await extractTarball(sourcePath, stageDir);
  if (existsSync(join(stageDir, "package"))) return join(stageDir, "package");
  if (existsSync(join(stageDir, "package.json")) || existsSync(join(stageDir, "openclaw.plugin.json")))
    return stageDir;
  throw new OpenClawError("INSTALL_ARCHIVE_INVALID", `unexpected archive layout: ${sourcePath}`, {
    hint: "The archive must hold package/ (npm pack layout) or package.json at its root.",
  });
}

async function validateStagedPlugin(root: string): Promise<PluginManifest> {
  let manifest: PluginManifest;
  try {
    manifest = await readManifest(root);
  } catch (error) {
    if (isOpenClawError(error)) {
      throw new OpenClawError("INSTALL_PACKAGE_INVALID", `not an OpenClaw plugin: ${error.message}`, {
        cause: error,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      });
    }
    throw error;
  }
  const problem = schemaProblem(manifest.configSchema);
  if (problem)
    throw new OpenClawError("INSTALL_PACKAGE_INVALID", `configSchema is not a valid JSON Schema: ${problem}`);
  const pkg = await readJson(join(root, "package.json"));
  const openclaw = pkg?.openclaw as { extensions?: unknown } | undefined;
  const hasIndex = ["index.ts", "index.js", "index.mjs", "index.cjs"].some((f) => existsSync(join(root, f)));
  if (!Array.isArray(openclaw?.extensions) && !hasIndex) {
    throw new OpenClawError(
      "INSTALL_PACKAGE_INVALID",
      "package.json has no openclaw.extensions and there is no index file",
      {
        hint: 'Add "openclaw": { "extensions": ["./dist/index.js"] } to package.json.',
      },
    );
  }
  return manifest;
}

/**
 * Installs a plugin from a local directory (copied) or a `.tgz`/`.tar` archive into
 * `<extensionsDir>/<id>`: staged next to the target, validated (manifest and schema), dependencies
 * installed with `npm install --omit=dev --ignore-scripts` when missing, then renamed into place.
 * On any failure the stage is removed and a previous install is left as it was. Returns the updated
 * config; the caller writes it.
 * @throws {@link OpenClawError} `INSTALL_SOURCE_NOT_FOUND`, `INSTALL_UNSUPPORTED_SOURCE`,
 * `INSTALL_ARCHIVE_INVALID`, `INSTALL_PACKAGE_INVALID`, `INSTALL_ALREADY_EXISTS`, `INSTALL_FAILED`.
 */
export async function installPlugin(options: InstallPluginOptions): Promise<InstallPluginResult> {
  const sourcePath = resolve(options.cwd ?? process.cwd(), options.source);
  if (!existsSync(sourcePath)) {
    throw new OpenClawError("INSTALL_SOURCE_NOT_FOUND", `install source not found: ${sourcePath}`, {
      hint: "Give a path to a plugin directory or to a .tgz archive made by `npm pack`.",
    });
  }
  await mkdir(options.extensionsDir, { recursive: true });
  const stageDir = join(options.extensionsDir, `.openclaw-install-stage-${randomBytes(6).toString("hex")}`);
  let backupDir: string | undefined;
  try {
    const root = await stageSource(sourcePath, stageDir);
    const manifest = await validateStagedPlugin(root);
    const pkg = await readJson(join(root, "package.json"));
    const missing = await missingDependencies(root, pkg);
    if (missing.length > 0 && pkg) await installDependencies(root, pkg);
    const installPath = join(options.extensionsDir, installDirName(manifest.id));
    if (existsSync(installPath)) {
      if (!options.force) {
        throw new OpenClawError(
          "INSTALL_ALREADY_EXISTS",
          `plugin already installed: ${manifest.id} (${installPath})`,
          {
            hint: `Run \`openclaw plugins install ${options.source} --force\` to replace it.`,
          },
        );
      }
      backupDir = `${stageDir}-backup`;
      await rename(installPath, backupDir);
    }
    try {
      await rename(root, installPath);
    } catch (error) {
      if (backupDir) await rename(backupDir, installPath);
      backupDir = undefined;
      throw new OpenClawError(
        "INSTALL_FAILED",
        `cannot move the plugin into ${installPath}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    const record: PluginInstallRecord = {
      source: isArchive(sourcePath) ? "archive" : "path",
      spec: options.source,
      sourcePath,
      installPath,
      installedAt: new Date().toISOString(),
    };
    const version = typeof pkg?.version === "string" ? pkg.version : manifest.version;
    if (version !== undefined) record.version = version;
    if (typeof pkg?.name === "string") record.resolvedName = pkg.name;
    return {
      id: manifest.id,
      installPath,
      manifest,
      record,
      config: withInstallRecord(options.config, manifest.id, record),
      installedDependencies: missing.length > 0,
    };
  } finally {
    await rm(stageDir, { recursive: true, force: true });
    if (backupDir) await rm(backupDir, { recursive: true, force: true });
  }
}
