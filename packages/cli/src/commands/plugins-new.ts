import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { CliContext } from "../cli-context.js";
import { CORE_COMMANDS } from "../core-commands.js";
import type { Runner } from "../runner.js";
import { pluginTemplate } from "../scaffold/plugin-template.js";
import type { PluginsSubcommand } from "./plugins.js";

/** The SDK version this CLI ships with (the default `@openclaw/plugin-sdk` range of a new plugin). */
function sdkVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("@openclaw/plugin-sdk/package.json") as { version: string }).version;
}

/**
 * The manifest id for a package name: the unscoped name without an `openclaw-plugin-` or
 * `openclaw-` prefix (`@acme/openclaw-hello` → `hello`).
 * @throws {@link OpenClawError} `CLI_USAGE` when the result is not a valid id or is a core command.
 */
export function pluginIdFor(name: string): string {
  const id = (name.split("/").pop() ?? "").replace(/^openclaw-(plugin-)?/, "");
  if (!/^[a-z][a-z0-9-]{0,63}$/.test(id)) {
    throw new OpenClawError("CLI_USAGE", `cannot make a plugin id from "${name}"`, {
      hint: "Use lowercase letters, digits and -, starting with a letter: openclaw plugins new hello (or @acme/openclaw-hello).",
    });
  }
  if (CORE_COMMANDS.includes(id)) {
    throw new OpenClawError(
      "CLI_USAGE",
      `"${id}" is a core openclaw command and cannot be a plugin's command`,
      {
        hint: "Pick another name.",
      },
    );
  }
  return id;
}

/**
 * The `@openclaw/plugin-sdk` devDependency: `^<this SDK's version>` by default; a path to a packed
 * tarball or directory (`pnpm pack-all` before the SDK is on the registry) becomes a `file:` spec.
 */
export function sdkSpecFor(spec: string | undefined, cwd: string): string {
  if (spec === undefined) return `^${sdkVersion()}`;
  const trimmed = spec.trim();
  if (!/^(\/|\.{1,2}\/|~\/)/.test(trimmed)) {
    if (trimmed === "" || /\s/.test(trimmed)) {
      throw new OpenClawError(
        "CLI_USAGE",
        `--sdk must be a version range or a path, got ${JSON.stringify(spec)}`,
        {
          hint: 'Examples: --sdk ^0.1.0, --sdk "$(pnpm pack-all @openclaw/plugin-sdk)".',
        },
      );
    }
    return trimmed;
  }
  const path = resolve(cwd, trimmed.replace(/^~(?=\/)/, homedir()));
  if (!existsSync(path)) {
    throw new OpenClawError("CLI_USAGE", `--sdk ${path} does not exist`, {
      hint: "Pack the SDK first: pnpm pack-all @openclaw/plugin-sdk (prints the tarball path).",
    });
  }
  return `file:${path}`;
}

/** Writes every file into a temp directory beside `target`, then renames it into place. */
async function writeTree(target: string, files: Record<string, string>): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const stage = await mkdtemp(join(dirname(target), `.${basename(target)}-`));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(stage, path)), { recursive: true });
      await writeFile(join(stage, path), text);
    }
    if (existsSync(target)) await rm(target, { recursive: true });
    await rename(stage, target);
  } catch (error) {
    await rm(stage, { recursive: true, force: true });
    throw error;
  }
}

/** `plugins new <name> [--dir] [--sdk]`: scaffolds a TypeScript plugin ready for `plugins install -l`. */
export async function scaffoldPlugin(
  ctx: CliContext,
  flags: { name: string; dir?: string; sdk?: string; force: boolean },
): Promise<void> {
  const id = pluginIdFor(flags.name);
  const target = resolve(ctx.cwd, flags.dir ?? id);
  if (existsSync(target) && (await readdir(target)).length > 0 && !flags.force) {
    throw new OpenClawError("CLI_USAGE", `${target} exists and is not empty; nothing was written`, {
      hint: "Choose another --dir, or pass --force to replace it.",
    });
  }
  const displayName = id.replace(
    /(^|-)([a-z0-9])/g,
    (_m, d: string, c: string) => `${d ? " " : ""}${c.toUpperCase()}`,
  );
  const files = pluginTemplate({
    id,
    packageName:
      flags.name.includes("/") || flags.name.startsWith("openclaw-") ? flags.name : `openclaw-plugin-${id}`,
    displayName,
    hostVersion: ctx.version,
    sdkSpec: sdkSpecFor(flags.sdk, ctx.cwd),
  });
  await writeTree(target, files);
  if (ctx.json) {
    ctx.print(JSON.stringify({ ok: true, id, dir: target, files: Object.keys(files) }, null, 2));
    return;
  }
  ctx.print(`Created plugin "${id}" in ${target}`);
  for (const file of Object.keys(files)) ctx.print(`  ${file}`);
  ctx.print(
    [
      "Next:",
      `  cd ${target} && npm install && npm test   # types and the test harness come from @openclaw/plugin-sdk`,
      `  openclaw plugins install -l ${target}`,
      `  openclaw plugins reload ${id}   # or restart the gateway; then: openclaw ${id} greet Ada`,
    ].join("\n"),
  );
}

/** The yargs declaration of `plugins new`. */
export function scaffoldPluginCommand(ctx: CliContext, run: Runner): PluginsSubcommand {
  return {
    command: "new <name>",
    describe: "Scaffold a TypeScript plugin (manifest with schema and uiHints, entry, test, package.json)",
    builder: (y) =>
      y
        .positional("name", { type: "string", demandOption: true, describe: "Plugin id or npm package name" })
        .option("dir", { type: "string", describe: "Directory to create (default: ./<id>)" })
        .option("sdk", {
          type: "string",
          describe: "@openclaw/plugin-sdk dependency spec (default: ^<this SDK version>)",
        })
        .option("force", { type: "boolean", default: false, describe: "Replace a non-empty directory" }),
    handler: (argv: { name: string; dir?: string; sdk?: string; force: boolean }) =>
      run(() =>
        scaffoldPlugin(ctx, {
          name: String(argv.name),
          force: argv.force,
          ...(argv.dir ? { dir: argv.dir } : {}),
          ...(argv.sdk ? { sdk: argv.sdk } : {}),
        }),
      ),
  };
}
