import { createInterface, type Interface } from "node:readline/promises";
import { Writable } from "node:stream";
import { OpenClawError } from "@openclaw/plugin-sdk/core";

/** Options of a text prompt (the shape provider plugins' `auth[].run` use). */
export interface TextPromptOptions {
  message: string;
  placeholder?: string;
  initialValue?: string;
  /** Hide what is typed (keys, tokens); also inferred from the message on a terminal. */
  sensitive?: boolean;
  validate?: (value: string) => string | undefined | Promise<string | undefined>;
}

/** The wizard prompter handed to `auth[].run(ctx)` as `ctx.prompter`. */
export interface CliPrompter {
  intro(title: string): Promise<void>;
  outro(message: string): Promise<void>;
  note(message: string, title?: string): Promise<void>;
  text(options: TextPromptOptions): Promise<string>;
  confirm(options: { message: string; initialValue?: boolean }): Promise<boolean>;
  select<T = string>(options: {
    message: string;
    options: Array<{ value: T; label: string; hint?: string }>;
    initialValue?: T;
  }): Promise<T>;
  progress(label: string): { update(message: string): void; stop(message?: string): void };
  close(): void;
}

const SECRET_WORDS = /key|token|secret|password/i;

/**
 * A line-based prompter on stdin/stderr (stdout stays clean for results). On a terminal, answers to
 * sensitive prompts are not echoed; from a pipe each prompt reads one line. End of input is
 * `CLI_USAGE` rather than a hang.
 */
export function createCliPrompter(write: (text: string) => void): CliPrompter {
  const tty = process.stdin.isTTY === true;
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl: Interface = createInterface({ input: process.stdin, output, terminal: tty });
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let ended = false;
  rl.on("line", (line) => (waiting.length ? waiting.shift()?.(line) : lines.push(line)));
  rl.on("close", () => {
    ended = true;
    for (const resolve of waiting.splice(0)) resolve(undefined);
  });
  const ask = async (question: string, hide: boolean): Promise<string> => {
    process.stderr.write(question);
    muted = hide && tty;
    const line = lines.length
      ? lines.shift()
      : ended
        ? undefined
        : await new Promise<string | undefined>((r) => waiting.push(r));
    muted = false;
    if (hide && tty) process.stderr.write("\n");
    if (line === undefined)
      throw new OpenClawError("CLI_USAGE", `no answer to "${question.trim()}" (input ended)`, {
        hint: "Run the command on a terminal, or pipe the answers one per line.",
      });
    return line.trim();
  };
  return {
    intro: async (title) => write(title),
    outro: async (message) => write(message),
    note: async (message, title) => write(title ? `${title}\n${message}` : message),
    async text(options) {
      for (;;) {
        const answer =
          (await ask(`${options.message} `, options.sensitive ?? SECRET_WORDS.test(options.message))) ||
          options.initialValue ||
          "";
        const problem = await options.validate?.(answer);
        if (!problem) return answer;
        write(problem);
      }
    },
    async confirm(options) {
      const answer = (
        await ask(`${options.message} [${options.initialValue === false ? "y/N" : "Y/n"}] `, false)
      ).toLowerCase();
      return answer === "" ? options.initialValue !== false : answer.startsWith("y");
    },
    async select(options) {
      for (const [i, o] of options.options.entries())
        write(`  ${i + 1}) ${o.label}${o.hint ? ` — ${o.hint}` : ""}`);
      for (;;) {
        const index = Number(await ask(`${options.message} [1-${options.options.length}] `, false)) - 1;
        const chosen = options.options[index];
        if (chosen) return chosen.value;
      }
    },
    progress: (label) => {
      write(label);
      return { update: (message) => write(message), stop: (message) => message && write(message) };
    },
    close: () => rl.close(),
  };
}
