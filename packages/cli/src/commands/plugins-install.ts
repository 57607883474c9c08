import { createInterface } from "node:readline/promises";
import {
  type InstallStep,
  installPlugin,
  resolveBundledDir,
  resolveGlobalExtensionsDir,
  type UpdateOutcome,
  uninstallPlugin,
  updatePlugins,
  withSlotSelection,
} from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { CliContext } from "../cli-context.js";

/** Flags of `plugins install`. */
export interface InstallFlags {
  source: string;
  force: boolean;
  link: boolean;
  pin: boolean;
  json: boolean;
}

const STEP_LABEL: Record<InstallStep, string> = {
  resolve: "resolving",
  fetch: "fetching",
  verify: "verifying",
  "install-deps": "installing dependencies",
  activate: "activating",
};

/** Progress lines on a terminal (stderr); silent with `--json` or without a TTY. */
function progress(ctx: CliContext, json: boolean): ((step: InstallStep, detail: string) => void) | undefined {
  if (json || !process.stderr.isTTY) return undefined;
  return (step, detail) => ctx.printErr(`  ${STEP_LABEL[step]} ${detail}`);
}

/** The bundled extensions directory, when this host has one. */
function bundledDirOf(ctx: CliContext): { bundledDir?: string } {
  const dir = resolveBundledDir(ctx.env);
  return dir === undefined ? {} : { bundledDir: dir };
}

/** `plugins install <dir|archive|npm spec> [--link] [--pin] [--force] [--json]`. */
export async function install(ctx: CliContext, flags: InstallFlags): Promise<void> {
  if (flags.link && flags.force) {
    throw new OpenClawError("CLI_USAGE", "--force is not supported with --link", {
      hint: "A linked plugin is used in place; nothing is copied.",
    });
  }
  const onStep = progress(ctx, flags.json);
  const base = await ctx.readConfig();
  const result = await installPlugin({
    source: flags.source,
    extensionsDir: resolveGlobalExtensionsDir(ctx.env),
    config: base,
    force: flags.force,
    link: flags.link,
    pin: flags.pin,
    cwd: ctx.cwd,
    env: ctx.env as NodeJS.ProcessEnv,
    ...bundledDirOf(ctx),
    ...(onStep ? { onStep } : {}),
  });
  const slot = withSlotSelection(result.config, result.id, result.manifest.kind);
  await ctx.commitConfig(base, slot.config);
  if (flags.json) {
    ctx.print(
      JSON.stringify(
        {
          ok: true,
          id: result.id,
          installPath: result.installPath,
          record: result.record,
          pluginIds: result.pluginIds,
          ...(result.bundled ? { bundled: result.bundled } : {}),
          messages: slot.messages,
        },
        null,
        2,
      ),
    );
    return;
  }
  for (const message of slot.messages) ctx.print(message);
  if (result.bundled) {
    ctx.print(`Enabled the bundled plugin ${result.id} (${result.bundled.reason}).`);
    ctx.print(`Restart the gateway to load it (or run \`openclaw plugins reload ${result.id}\`).`);
    return;
  }
  for (const id of result.pluginIds.length > 1 ? result.pluginIds : []) ctx.print(`  provides plugin ${id}`);
  const version = result.record.version ? `@${result.record.version}` : "";
  ctx.print(`Installed plugin: ${result.id}${version} (${result.installPath})`);
  if (result.record.integrity) ctx.print(`integrity: ${result.record.integrity}`);
  ctx.print(
    `Restart the gateway to load it (or run \`openclaw plugins reload ${result.id}\` on a running gateway).`,
  );
}

async function askDrift(
  ctx: CliContext,
  yes: boolean,
  id: string,
  d: { version: string; expected: string; actual: string },
): Promise<boolean> {
  ctx.printErr(
    `Integrity drift detected for "${id}" (${d.version})\n  expected: ${d.expected}\n  actual:   ${d.actual}`,
  );
  if (yes) return true;
  if (!process.stdin.isTTY) {
    ctx.printErr("  refused: no terminal to confirm; rerun with --yes to accept this artifact.");
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test(
      (await rl.question(`Continue updating "${id}" with this artifact? [y/N] `)).trim(),
    );
  } finally {
    rl.close();
  }
}

function describe(o: UpdateOutcome): string {
  switch (o.status) {
    case "updated":
      return `Updated ${o.id}: ${o.from ?? "?"} -> ${o.to}.`;
    case "would-update":
      return `Would update ${o.id}: ${o.from ?? "?"} -> ${o.to}.`;
    case "unchanged":
      return `${o.id} is up to date (${o.version}).`;
    case "drift":
      return o.applied
        ? `Reinstalled ${o.id} ${o.version} with the new artifact.`
        : o.error
          ? `Kept ${o.id} ${o.version} [${o.error.code}]: integrity drift not accepted.${o.error.hint ? `\n  hint: ${o.error.hint}` : ""}`
          : `Would keep ${o.id} ${o.version}: the registry now serves different bytes (integrity drift).`;
    case "skipped":
      return `Skipped ${o.id}: ${o.reason}.`;
    case "failed":
      return `Failed to update ${o.id} [${o.code}]: ${o.message}${o.hint ? `\n  hint: ${o.hint}` : ""}`;
  }
}

/** `plugins update [id] [--all] [--dry-run]`; resolves with the exit status. */
export async function update(
  ctx: CliContext,
  flags: { id?: string; all: boolean; dryRun: boolean; yes: boolean; json: boolean },
): Promise<number> {
  if (!flags.id && !flags.all)
    throw new OpenClawError("CLI_USAGE", "give a plugin id or --all", {
      hint: "openclaw plugins update <id> | --all",
    });
  if (flags.id && flags.all)
    throw new OpenClawError("CLI_USAGE", "give either a plugin id or --all, not both");
  const config = await ctx.readConfig();
  if (flags.all && Object.keys(config.plugins?.installs ?? {}).length === 0) {
    ctx.print(flags.json ? JSON.stringify({ outcomes: [] }) : "No tracked plugins to update.");
    return 0;
  }
  const onStep = progress(ctx, flags.json);
  const result = await updatePlugins({
    ids: flags.id ? [flags.id] : [],
    config,
    extensionsDir: resolveGlobalExtensionsDir(ctx.env),
    dryRun: flags.dryRun,
    confirmDrift: (id, d) => askDrift(ctx, flags.yes, id, d),
    cwd: ctx.cwd,
    env: ctx.env as NodeJS.ProcessEnv,
    ...(onStep
      ? { onStep: (id: string, step: InstallStep, detail: string) => onStep(step, `${id}: ${detail}`) }
      : {}),
  });
  if (result.changed && !flags.dryRun) await ctx.commitConfig(config, result.config);
  const refusedDrift = result.outcomes.find((o) => o.status === "drift" && o.error);
  if (flags.id && refusedDrift?.status === "drift" && refusedDrift.error) {
    throw new OpenClawError("INSTALL_INTEGRITY_DRIFT", refusedDrift.error.message, {
      ...(refusedDrift.error.hint ? { hint: refusedDrift.error.hint } : {}),
      ...(refusedDrift.error.details ? { details: refusedDrift.error.details } : {}),
    });
  }
  if (flags.json) ctx.print(JSON.stringify({ outcomes: result.outcomes, changed: result.changed }, null, 2));
  else {
    for (const outcome of result.outcomes) ctx.print(describe(outcome));
    if (result.changed)
      ctx.print("Restart the gateway (or `openclaw plugins reload <id>`) to load the new code.");
  }
  const bad = result.outcomes.some((o) => o.status === "failed" || (o.status === "drift" && o.error));
  return bad ? 1 : 0;
}

/** `plugins uninstall <id> [--keep-config]`. */
export async function uninstall(
  ctx: CliContext,
  flags: { id: string; keepConfig: boolean; json: boolean },
): Promise<void> {
  const base = await ctx.readConfig();
  const result = await uninstallPlugin({
    id: flags.id,
    config: base,
    extensionsDir: resolveGlobalExtensionsDir(ctx.env),
    keepConfig: flags.keepConfig,
    ...bundledDirOf(ctx),
  });
  await ctx.commitConfig(base, result.config);
  if (flags.json) {
    ctx.print(
      JSON.stringify(
        { ok: true, id: flags.id, removedPaths: result.removedPaths, removedConfig: result.removedConfig },
        null,
        2,
      ),
    );
    return;
  }
  ctx.print(`Uninstalled ${flags.id}.`);
  for (const path of result.removedPaths) ctx.print(`  removed ${path}`);
  for (const key of result.removedConfig) ctx.print(`  removed ${key}`);
  ctx.print("Restart the gateway to unload it.");
}
