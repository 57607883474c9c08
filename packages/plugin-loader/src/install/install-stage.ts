import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { errorMessage, isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import { type PluginManifest, readManifest } from "../control-plane/manifest.js";
import { schemaProblem } from "../control-plane/schema-validator.js";
import { extractTarball } from "./archive.js";
import { extractZip } from "./zip-archive.js";

const execFileAsync = promisify(execFile);

/** Dependencies the host supplies through its SDK alias; never installed into a plugin. */
const HOST_PROVIDED = new Set(["openclaw", "@openclaw/plugin-sdk"]);

export function isArchive(path: string): boolean {
  return /\.(tgz|tar\.gz|tar|zip)$/i.test(path);
}

/** Directory name for an id: `/` and `\` become `__`. */
export function installDirName(id: string): string {
  const name = id.replace(/[/\\]/g, "__");
  if (name === "" || name === "." || name === ".." || name.startsWith(".")) {
    throw new OpenClawError("INSTALL_PACKAGE_INVALID", `invalid plugin id for an install directory: "${id}"`);
  }
  return name;
}

export async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export async function missingDependencies(
  dir: string,
  pkg: Record<string, unknown> | undefined,
): Promise<string[]> {
  const deps = Object.keys((pkg?.dependencies as Record<string, string> | undefined) ?? {}).filter(
    (d) => !HOST_PROVIDED.has(d),
  );
  return deps.filter((dep) => !existsSync(join(dir, "node_modules", dep, "package.json")));
}

export async function installDependencies(dir: string, pkg: Record<string, unknown>): Promise<void> {
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

/** A single plugin file (seed: "copy a local file/dir"): `.ts`, `.js`, `.mts`, `.cts`, `.mjs`, `.cjs`. */
function isEntryFile(path: string): boolean {
  return /\.(m|c)?(t|j)s$/i.test(path) && !/\.d\.(m|c)?ts$/i.test(path);
}

/**
 * Stages one plugin file with the `openclaw.plugin.json` beside it (a file's plugin root is its
 * directory, and the manifest is required) and a generated `package.json` naming the file as the
 * entry, so the installed directory is an ordinary plugin directory.
 * @throws {@link OpenClawError} `INSTALL_PACKAGE_INVALID` when no manifest sits beside the file.
 */
async function stageSingleFile(file: string, stageDir: string): Promise<string> {
  const manifest = join(dirname(file), "openclaw.plugin.json");
  if (!existsSync(manifest)) {
    throw new OpenClawError("INSTALL_PACKAGE_INVALID", `no openclaw.plugin.json beside ${file}`, {
      hint: "A plugin file's directory must hold its manifest; add openclaw.plugin.json next to it, or install the directory.",
    });
  }
  await mkdir(stageDir, { recursive: true });
  await cp(file, join(stageDir, basename(file)));
  await cp(manifest, join(stageDir, "openclaw.plugin.json"));
  const name = basename(file).replace(/\.[^.]+$/, "");
  const pkg = { name, private: true, type: "module", openclaw: { extensions: [`./${basename(file)}`] } };
  await writeFile(join(stageDir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  return stageDir;
}

export async function stageSource(sourcePath: string, stageDir: string): Promise<string> {
  if ((await stat(sourcePath)).isDirectory()) {
    await cp(sourcePath, stageDir, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !["node_modules", ".git"].includes(basename(src)) || src === sourcePath,
    });
    return stageDir;
  }
  if (isEntryFile(sourcePath)) return stageSingleFile(sourcePath, stageDir);
  if (!isArchive(sourcePath)) {
    throw new OpenClawError("INSTALL_UNSUPPORTED_SOURCE", `unsupported install source: ${sourcePath}`, {
      hint: "Give a plugin directory, a single .ts/.js plugin file, a .tgz/.tar.gz/.tar/.zip archive, or an npm package name.",
    });
  }
  await mkdir(stageDir, { recursive: true });
  if (/\.zip$/i.test(sourcePath)) await extractZip(sourcePath, stageDir);
  else await extractTarball(sourcePath, stageDir);
  if (existsSync(join(stageDir, "package"))) return join(stageDir, "package");
  if (existsSync(join(stageDir, "package.json")) || existsSync(join(stageDir, "openclaw.plugin.json")))
    return stageDir;
  throw new OpenClawError("INSTALL_ARCHIVE_INVALID", `unexpected archive layout: ${sourcePath}`, {
    hint: "The archive must hold package/ (npm pack layout) or package.json at its root.",
  });
}

export async function validateStagedPlugin(root: string): Promise<PluginManifest> {
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
