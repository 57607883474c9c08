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
  createdAt: number;
  expiresAt: number;
}

interface ApprovalOutcome {
  id: string;
  resolution: string;
  allowed: boolean;
}

function formatApproval(a: PendingApprovalRow, now: number): string[] {
  const left = Math.max(0, Math.round((a.expiresAt - now) / 1000));
  const lines = [
    `${a.id}  [${a.severity}] ${a.title}`,
    `  plugin ${a.pluginId} · tool ${a.toolName} · session ${a.sessionKey ?? "-"}${a.runId ? ` · run ${a.runId}` : ""}`,
    `  expires in ${left} s, then ${a.timeoutBehavior === "allow" ? "allowed" : "denied"}`,
  ];
  if (a.description) lines.splice(1, 0, `  ${a.description}`);
  lines.push(`  params ${a.params.json}${a.params.truncated ? " (cut)" : ""}`);
  return lines;
}

/** `approve <id>` / `deny <id>`: one decision through the running gateway. */
function decisionCommand(yargs: Argv, ctx: CliContext, run: Runner, name: "approve" | "deny"): Argv {
  const decision = name === "approve" ? "allow-once" : "deny";
  return yargs.command(
    `${name} <id>`,
    name === "approve"
      ? "Allow one pending tool call once (it runs with the params shown)"
      : "Deny one pending tool call (the model gets an error result)",
    (y) =>
      y
        .positional("id", {
          type: "string",
          demandOption: true,
          describe: "Approval id (or a unique 8+ char prefix)",
        })
        .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
    (argv) =>
      run(async () => {
        const outcome = await ctx.callGateway<ApprovalOutcome>("approvals.resolve", {
          id: String(argv.id),
          decision,
        });
        if (argv.json) return void ctx.print(JSON.stringify(outcome, null, 2));
        ctx.print(`Approval ${outcome.id}: ${outcome.allowed ? "allowed once" : "denied"}.`);
      }),
  );
}

/** Registers `openclaw approvals list|approve <id>|deny <id>` (plugin approvals of the running gateway). */
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
  return decisionCommand(decisionCommand(listed, ctx, run, "approve"), ctx, run, "deny").demandCommand(
    1,
    "Choose an approvals subcommand: list, approve, deny",
  );
}
