import { randomUUID } from "node:crypto";
import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import type { Runner } from "../runner.js";

interface AgentRunPayload {
  text: string;
  aborted: boolean;
  runId: string;
  sessionKey: string;
  model: string;
  stopReason: string;
  toolCalls: Array<{ toolName: string; isError: boolean; blocked: boolean }>;
  usage?: { input: number; output: number; total: number };
}

/** Extra time the CLI waits beyond the turn's own budget, in ms. */
const CALL_MARGIN_MS = 10_000;

async function streamTurn(
  ctx: CliContext,
  params: Record<string, unknown>,
  timeoutMs: number,
): Promise<AgentRunPayload> {
  const { callGatewayStreaming } = await import("@openclaw/gateway/client");
  const runId = params.runId as string;
  const onSigint = (): void => void ctx.callGateway("agent.abort", { runId }).catch(() => undefined);
  process.once("SIGINT", onSigint);
  try {
    return await callGatewayStreaming<AgentRunPayload>({
      connection: await ctx.gatewayConnection(),
      method: "agent.run",
      params,
      timeoutMs,
      onEvent: (event, payload) => {
        const p = payload as {
          runId?: string;
          text?: string;
          phase?: string;
          toolName?: string;
          isError?: boolean;
          blocked?: boolean;
        };
        if (p?.runId !== runId) return;
        if (event === "agent.delta" && p.text) process.stdout.write(p.text);
        if (event === "agent.tool" && p.phase === "end") {
          ctx.printErr(`[tool ${p.toolName}${p.blocked ? " blocked" : p.isError ? " failed" : ""}]`);
        }
      },
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/** Parsed options of `openclaw agent`. */
export interface AgentArgs {
  message: string;
  "session-key": string | undefined;
  model: string | undefined;
  timeout: number | undefined;
  json: boolean;
  stream: boolean | undefined;
}

/** Options of `openclaw agent`. */
export function agentOptions(yargs: Argv): Argv<AgentArgs> {
  return yargs
    .option("message", { alias: "m", type: "string", demandOption: true, describe: "The user message" })
    .option("session-key", { type: "string", describe: "Session to continue (default main)" })
    .option("model", { type: "string", describe: "provider/model (default agents.defaults.model)" })
    .option("timeout", { type: "number", describe: "Turn budget in ms (default agents.defaults.timeoutMs)" })
    .option("json", { type: "boolean", default: false, describe: "Print the whole result as JSON" })
    .option("stream", { type: "boolean", describe: "Print text as it arrives (default on a terminal)" });
}

/** Runs `openclaw agent --message … [--session-key] [--model] [--json]` through the running gateway. */
export function runAgentCommand(argv: AgentArgs, ctx: CliContext, run: Runner): Promise<void> {
  return run(async () => {
    const params: Record<string, unknown> = {
      prompt: argv.message,
      messageProvider: "cli",
      runId: randomUUID(),
    };
    if (argv["session-key"]) params.sessionKey = argv["session-key"];
    if (argv.model) params.model = argv.model;
    if (argv.timeout !== undefined) params.timeoutMs = argv.timeout;
    const callTimeout = (argv.timeout ?? 120_000) + CALL_MARGIN_MS;
    const stream = !argv.json && (argv.stream ?? process.stdout.isTTY === true);
    if (stream) {
      const result = await streamTurn(ctx, params, callTimeout);
      process.stdout.write(result.aborted ? "\n[aborted]\n" : "\n");
      return;
    }
    const result = await ctx.callGateway<AgentRunPayload>("agent.run", params, callTimeout);
    if (argv.json) ctx.print(JSON.stringify(result, null, 2));
    else ctx.print(result.aborted ? `${result.text}\n[aborted]` : result.text);
  });
}
