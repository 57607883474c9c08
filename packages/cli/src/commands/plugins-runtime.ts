import type { PluginRecord } from "@openclaw/plugin-registry";
import type { CliContext } from "../cli-context.js";
import { summarizeRegistrations } from "../format-plugins.js";
import { wrap } from "../wrap.js";

type LiveRecord = Pick<
  PluginRecord,
  "id" | "name" | "status" | "origin" | "version" | "error" | "registrations" | "activation"
>;

/** `plugins status`: every plugin's runtime state as the running gateway sees it. */
export async function pluginStatus(ctx: CliContext, json: boolean): Promise<number> {
  const status = await ctx.callGateway<{ plugins: LiveRecord[] }>("plugins.status");
  if (json) {
    ctx.print(JSON.stringify(status, null, 2));
  } else {
    for (const p of status.plugins) {
      ctx.print(
        `${p.id.padEnd(28)} ${p.status.padEnd(9)} ${p.origin.padEnd(9)} ${p.version ?? "-"}`.trimEnd(),
      );
      if (p.error) ctx.print(wrap(`  ! ${p.error.code} (${p.error.phase}): ${p.error.message}`));
      else if (p.status === "disabled") ctx.print(wrap(`  - ${p.activation.reason}`));
      const regs = summarizeRegistrations(p.registrations);
      if (regs) ctx.print(wrap(`  ${regs}`));
    }
  }
  return status.plugins.some((p) => p.status === "error") ? 1 : 0;
}

/** `plugins reload <id>`: dispose the plugin in the running gateway and import it afresh. */
export async function reloadPlugin(ctx: CliContext, id: string, json: boolean): Promise<number> {
  const record = await ctx.callGateway<LiveRecord>("plugins.reload", { id }, 60_000);
  if (json) ctx.print(JSON.stringify(record, null, 2));
  else if (record.status === "loaded") {
    ctx.print(`Reloaded ${id}.`);
    const regs = summarizeRegistrations(record.registrations);
    if (regs) ctx.print(wrap(`  ${regs}`));
  } else {
    ctx.print(
      `Reloaded ${id}: ${record.status}${record.error ? ` — ${record.error.code}: ${record.error.message}` : ""}`,
    );
  }
  return record.status === "error" ? 1 : 0;
}
