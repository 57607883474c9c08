import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import type { Runner } from "../runner.js";

interface SessionRow {
  sessionKey: string;
  file: string;
  bytes: number;
  updatedAt: number;
}

interface Transcript {
  sessionKey: string;
  file: string;
  messages: Array<{
    role: string;
    content: string;
    toolName?: string;
    isError?: boolean;
    toolCalls?: Array<{ name: string }>;
  }>;
  repairedBytes: number;
}

function formatMessage(m: Transcript["messages"][number]): string {
  if (m.role === "tool") return `tool ${m.toolName ?? ""}${m.isError ? " (error)" : ""}: ${m.content}`;
  const calls = (m.toolCalls ?? []).map((c) => c.name);
  return `${m.role}: ${m.content}${calls.length ? ` [calls ${calls.join(", ")}]` : ""}`;
}

/** Registers `openclaw sessions list|show|reset` (transcripts of the running gateway). */
export function sessionsCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  const json = (y: Argv) => y.option("json", { type: "boolean", default: false, describe: "Print JSON" });
  return yargs
    .command("list", "List sessions, most recent first", json, (argv) =>
      run(async () => {
        const { sessions } = await ctx.callGateway<{ sessions: SessionRow[] }>("sessions.list");
        if (argv.json) return void ctx.print(JSON.stringify({ sessions }, null, 2));
        if (sessions.length === 0) ctx.print("No sessions.");
        for (const s of sessions)
          ctx.print(`${s.sessionKey.padEnd(32)} ${new Date(s.updatedAt).toISOString()}  ${s.bytes} bytes`);
      }),
    )
    .command(
      "show <key>",
      "Print one session's transcript",
      (y) => json(y.positional("key", { type: "string", demandOption: true })),
      (argv) =>
        run(async () => {
          const transcript = await ctx.callGateway<Transcript>("sessions.show", {
            sessionKey: String(argv.key),
          });
          if (argv.json) return void ctx.print(JSON.stringify(transcript, null, 2));
          ctx.print(`session ${transcript.sessionKey} (${transcript.file})`);
          for (const m of transcript.messages) ctx.print(formatMessage(m));
        }),
    )
    .command(
      "reset <key>",
      "Start a session afresh (the old transcript is kept beside it)",
      (y) => y.positional("key", { type: "string", demandOption: true }),
      (argv) =>
        run(async () => {
          const { archivedTo } = await ctx.callGateway<{ archivedTo: string }>("sessions.reset", {
            sessionKey: String(argv.key),
          });
          ctx.print(`Session ${String(argv.key)} reset; the old transcript is at ${archivedTo}.`);
        }),
    )
    .demandCommand(1, "Choose a sessions subcommand: list, show, reset");
}
