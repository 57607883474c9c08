/** Output format of the gateway's logs: one JSON object per line, or pino-pretty's human lines. */
export type LogFormat = "json" | "pretty";

/**
 * Flags every command accepts, core (yargs) and plugin (commander) alike. They are read before any
 * parser runs, so an error raised while parsing is already rendered the way the user asked.
 */
export interface GlobalFlags {
  /** `--json`: results and errors (`{ ok: false, error }`) as JSON on stdout. */
  json: boolean;
  /** `--color` / `--no-color`; `undefined` lets NO_COLOR, FORCE_COLOR and the terminal decide. */
  color: boolean | undefined;
  /** `--log-format json|pretty`; `undefined` means pretty on a terminal, JSON otherwise. */
  logFormat: LogFormat | undefined;
}

/** Arguments before `--` (after it everything is an operand). */
function flagsPart(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf("--");
  return end === -1 ? argv : argv.slice(0, end);
}

/** Reads the {@link GlobalFlags} from `argv` without removing them (each parser declares them too). */
export function readGlobalFlags(argv: readonly string[]): GlobalFlags {
  const flags = flagsPart(argv);
  let color: boolean | undefined;
  let logFormat: LogFormat | undefined;
  flags.forEach((arg, i) => {
    if (arg === "--color") color = true;
    if (arg === "--no-color") color = false;
    const value =
      arg === "--log-format" ? flags[i + 1] : arg.startsWith("--log-format=") ? arg.slice(13) : "";
    if (value === "json" || value === "pretty") logFormat = value;
  });
  return { json: flags.includes("--json"), color, logFormat };
}

/** How one command line is dispatched: core help, completion, a plugin command, or core yargs. */
export type Route =
  | { kind: "help"; path: string[] }
  | { kind: "plugin"; argv: string[] }
  | { kind: "core"; argv: string[] };

const HELP_FLAGS = new Set(["-h", "--help"]);
/** Global flags that take a value as the next argument. */
const VALUE_FLAGS = new Set(["--log-format"]);

/** The first command word, skipping global flags placed before it (`openclaw --json voicecall …`). */
export function firstWord(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith("-")) return word;
    if (VALUE_FLAGS.has(word)) i++;
  }
  return undefined;
}

/**
 * Normalises a command line so `openclaw`, `openclaw -h`, `openclaw --help` and `openclaw help [cmd…]`
 * all mean "help for cmd", then picks the parser: commands in `coreCommands` go to yargs, any other
 * first word to the plugin commands (commander).
 */
export function routeArgv(argv: readonly string[], coreCommands: readonly string[]): Route {
  const words = flagsPart(argv);
  if (words.length === 0 || (words.length === argv.length && argv.every((a) => HELP_FLAGS.has(a)))) {
    return { kind: "help", path: [] };
  }
  if (argv[0] === "help") {
    const path = argv.slice(1).filter((a) => !a.startsWith("-"));
    return path.length === 0 || coreCommands.includes(path[0] as string)
      ? path.length === 0
        ? { kind: "help", path: [] }
        : { kind: "core", argv: [...path, "--help"] }
      : { kind: "plugin", argv: [...path, "--help"] };
  }
  const first = firstWord(words);
  if (first !== undefined && !coreCommands.includes(first)) return { kind: "plugin", argv: [...argv] };
  return { kind: "core", argv: [...argv] };
}
