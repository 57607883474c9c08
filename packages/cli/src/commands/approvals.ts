import { isOpenClawError } from "@openclaw/plugin-sdk/core";
import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import type { Runner } from "../runner.js";

/** A pending approval as `approvals.list` returns it (see `@openclaw/gateway` `PendingApproval`). */
interface PendingApprovalRow {
  id: string;
  pluginId: string;
  toolName: string;
  title: string;
  description: string;
  severity: string;
  params: { json: string; truncated: boolean; redacted: string[] };
  sessionKey: string | null;
  runId: string | null;
  timeoutBehavior: string;
  /** Absent from gateways older than allow-always. */
  allowedDecisions?: string[];
  allowAlwaysKey?: string | null;
  createdAt: number;
  expiresAt: number;
}

/** An approvals allowlist entry (see `@openclaw/gateway` `AllowlistEntry`). */
interface AllowlistEntryRow {
  id: string;
  pluginId: string;
  toolName: string;
  allowAlwaysKey: string | null;
  title: string;
  approvalId: string;
  sessionKey: string | null;
  createdAt: string;
}

interface ApprovalOutcome {
  id: string;
  resolution: string;
  allowed: boolean;
  allowlistEntry?: AllowlistEntryRow;
}

const DECIDED: Record<string, string> = {
  "allow-once": "allowed once",
  "allow-always": "allowed always",
  deny: "denied",
};

function formatApproval(a: PendingApprovalRow, now: number): string[] {
  const left = Math.max(0, Math.round((a.expiresAt - now) / 1000));
  const lines = [
    `${a.id}  [${a.severity}] ${a.title}`,
    `  plugin ${a.pluginId} · tool ${a.toolName} · session ${a.sessionKey ?? "-"}${a.runId ? ` · run ${a.runId}` : ""}`,
    `  expires in ${left} s, then ${a.timeoutBehavior === "allow" ? "allowed" : "denied"}`,
  ];
  if (a.description) lines.splice(1, 0, `  ${a.description}`);
  lines.push(`  params ${a.params.json}${a.params.truncated ? " (cut)" : ""}`);
  if (a.allowedDecisions) lines.push(`  decisions ${a.allowedDecisions.join(" | ")}`);
  return lines;
}

/** One allowlist entry as `approvals allowlist` prints it. */
function formatEntry(e: AllowlistEntryRow): string {
  const key = e.allowAlwaysKey === null ? "any call" : `key ${JSON.stringify(e.allowAlwaysKey)}`;
  return [
    `${e.id}  plugin ${e.pluginId} · tool ${e.toolName} · ${key}`,
    `  "${e.title}", allowed always ${e.createdAt} (approval ${e.approvalId}, session ${e.sessionKey ?? "-"})`,
  ].join("\n");
}

/** `approve <id> [--always]` / `deny <id>`: one decision through the running gateway. */
function decisionCommand(yargs: Argv, ctx: CliContext, run: Runner, name: "approve" | "deny"): Argv {
  return yargs.command(
    `${name} <id>`,
    name === "approve"
      ? "Allow one pending tool call (it runs with the params shown); --always also allowlists it"
      : "Deny one pending tool call (the model gets an error result)",
    (y) =>
      y
        .positional("id", {
          type: "string",
          demandOption: true,
          describe: "Approval id (or a unique 8+ char prefix)",
        })
        .option("always", {
          type: "boolean",
          default: false,
          hidden: name === "deny",
          describe: "allow-always: later calls of this plugin, tool and key run without asking",
        })
        .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
    (argv) =>
      run(async () => {
        const decision = name === "deny" ? "deny" : argv.always ? "allow-always" : "allow-once";
        const outcome = await ctx.callGateway<ApprovalOutcome>("approvals.resolve", {
          id: String(argv.id),
          decision,
        });
        if (argv.json) return void ctx.print(JSON.stringify(outcome, null, 2));
        const entry = outcome.allowlistEntry ? ` (allowlist entry ${outcome.allowlistEntry.id})` : "";
        ctx.print(`Approval ${outcome.id}: ${DECIDED[outcome.resolution] ?? outcome.resolution}${entry}.`);
      }),
  );
}

/**
 * Runs `viaGateway`; when no gateway answers (`GATEWAY_UNREACHABLE`), runs `onFile` on the state
 * dir's allowlist file instead (the gateway re-reads it at every request, and writes are locked, so
 * editing it while no gateway runs is safe). Returns the result and where it came from.
 */
async function gatewayOrFile<T>(
  ctx: CliContext,
  viaGateway: () => Promise<T>,
  onFile: (allowlist: import("@openclaw/gateway/approvals").ApprovalAllowlist) => Promise<T>,
): Promise<{ result: T; offlinePath?: string }> {
  try {
    return { result: await viaGateway() };
  } catch (error) {
    if (!isOpenClawError(error) || error.code !== "GATEWAY_UNREACHABLE") throw error;
    const { ApprovalAllowlist, allowlistPath } = await import("@openclaw/gateway/approvals");
    const path = allowlistPath(ctx.stateDir);
    return { result: await onFile(new ApprovalAllowlist(path)), offlinePath: path };
  }
}

/** `allowlist [--json]` and `revoke <entry>`: the remembered allow-always decisions. */
function allowlistCommands(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  return yargs
    .command(
      "allowlist",
      "List the allow-always entries (plugin, tool, key) that let tool calls run without asking",
      (y) => y.option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) =>
        run(async () => {
          const { result: listed, offlinePath } = await gatewayOrFile(
            ctx,
            () =>
              ctx.callGateway<{ path: string | null; entries: AllowlistEntryRow[] }>(
                "approvals.allowlist.list",
                {},
              ),
            async (file) => ({ path: file.path, entries: await file.list() }),
          );
          if (argv.json) return void ctx.print(JSON.stringify(listed, null, 2));
          if (offlinePath) ctx.printErr(`No gateway answers; read ${offlinePath} directly.`);
          if (listed.entries.length === 0) return void ctx.print("No allowlist entries.");
          for (const entry of listed.entries) ctx.print(formatEntry(entry));
        }),
    )
    .command(
      "revoke <entry>",
      "Remove an allow-always entry: matching tool calls ask an operator again",
      (y) =>
        y
          .positional("entry", {
            type: "string",
            demandOption: true,
            describe: "Allowlist entry id (or a unique 6+ char prefix)",
          })
          .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) =>
        run(async () => {
          const id = String(argv.entry);
          const { result } = await gatewayOrFile(
            ctx,
            () => ctx.callGateway<{ removed: AllowlistEntryRow }>("approvals.allowlist.remove", { id }),
            async (file) => ({ removed: await file.remove(id) }),
          );
          const { removed } = result;
          if (argv.json) return void ctx.print(JSON.stringify({ removed }, null, 2));
          ctx.print(`Revoked ${removed.id}: plugin ${removed.pluginId} · tool ${removed.toolName}.`);
        }),
    );
}

/**
 * Registers `openclaw approvals list|approve <id> [--always]|deny <id>|allowlist|revoke <entry>`
 * (plugin approvals and the allow-always allowlist of the running gateway).
 */
export function approvalsCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  const listed = yargs.command(
    "list",
    "List the tool calls waiting for an operator's approval, oldest first",
    (y) =>
      y
        .option("json", { type: "boolean", default: false, describe: "Print JSON" })
        .option("session-key", { type: "string", describe: "Only this session's approvals" }),
    (argv) =>
      run(async () => {
        const sessionKey = argv["session-key"];
        const { approvals } = await ctx.callGateway<{ approvals: PendingApprovalRow[] }>(
          "approvals.list",
          sessionKey ? { sessionKey } : {},
        );
        if (argv.json) return void ctx.print(JSON.stringify({ approvals }, null, 2));
        if (approvals.length === 0) return void ctx.print("No pending approvals.");
        const now = Date.now();
        for (const a of approvals) ctx.print(formatApproval(a, now).join("\n"));
      }),
  );
  const decided = decisionCommand(decisionCommand(listed, ctx, run, "approve"), ctx, run, "deny");
  return allowlistCommands(decided, ctx, run).demandCommand(
    1,
    "Choose an approvals subcommand: list, approve, deny, allowlist, revoke",
  );
}
