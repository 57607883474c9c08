import type { CommandNode } from "./command-tree.js";

/** Shells `openclaw completion` writes scripts for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;
/** One of {@link COMPLETION_SHELLS}. */
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** Every command path (space-joined words after `openclaw`, "" for the root) with its node. */
function paths(node: CommandNode, prefix = ""): Array<[string, CommandNode]> {
  const out: Array<[string, CommandNode]> = [[prefix, node]];
  for (const child of node.children)
    out.push(...paths(child, prefix ? `${prefix} ${child.name}` : child.name));
  return out;
}

const quote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;
const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

function words(node: CommandNode): string {
  return [...node.children.map((c) => c.name), ...node.options].join(" ");
}

/**
 * bash: the words typed so far (flags dropped) are matched against the command paths, dropping the
 * last word until one matches (so a positional such as an id does not end completion).
 */
function bashScript(root: CommandNode): string {
  const cases = paths(root)
    .map(([path, node]) => `    ${quote(path)}) echo ${quote(words(node))} ;;`)
    .join("\n");
  return `# openclaw completion for bash. Install: openclaw completion bash > ~/.local/share/bash-completion/completions/openclaw
_openclaw_words() {
  case "$1" in
${cases}
    *) return 1 ;;
  esac
}
_openclaw() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w i candidates
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] || path="\${path:+$path }$w"
  done
  until candidates=$(_openclaw_words "$path"); do
    [[ -z "$path" ]] && return 0
    [[ "$path" == *" "* ]] && path="\${path% *}" || path=""
  done
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -F _openclaw openclaw
`;
}

/** zsh: the same lookup, with each subcommand's description shown by `_describe`. */
function zshScript(root: CommandNode): string {
  const cases = paths(root)
    .map(([path, node]) => {
      const entries = [
        ...node.children.map((c) => `${c.name.replace(/:/g, "\\:")}:${oneLine(c.description)}`),
        ...node.options,
      ];
      return `    ${quote(path)}) reply=(${entries.map(quote).join(" ")}) ;;`;
    })
    .join("\n");
  return `#compdef openclaw
# openclaw completion for zsh. Install: openclaw completion zsh > "\${fpath[1]}/_openclaw"
_openclaw_words() {
  case "$1" in
${cases}
    *) return 1 ;;
  esac
}
_openclaw() {
  local path="" w
  local -a reply
  for w in "\${(@)words[2,CURRENT-1]}"; do
    [[ "$w" == -* ]] || path="\${path:+$path }$w"
  done
  until _openclaw_words "$path"; do
    [[ -z "$path" ]] && return 0
    [[ "$path" == *" "* ]] && path="\${path% *}" || path=""
  done
  _describe 'openclaw' reply
}
compdef _openclaw openclaw
`;
}

/** fish: one `complete` line per subcommand and flag, guarded by the path typed so far. */
function fishScript(root: CommandNode): string {
  const lines = [
    "# openclaw completion for fish. Install: openclaw completion fish > ~/.config/fish/completions/openclaw.fish",
    "function __openclaw_path",
    "    set -l path",
    "    for w in (commandline -opc)[2..-1]",
    "        string match -q -- '-*' $w; or set -a path $w",
    "    end",
    '    string join " " -- $path',
    "end",
    "complete -c openclaw -f",
  ];
  for (const [path, node] of paths(root)) {
    const guard = `-n ${quote(`test (__openclaw_path) = ${quote(path)}`)}`;
    for (const child of node.children) {
      lines.push(
        `complete -c openclaw ${guard} -a ${quote(child.name)} -d ${quote(oneLine(child.description))}`,
      );
    }
    for (const option of node.options) {
      const flag = option.startsWith("--") ? `-l ${option.slice(2)}` : `-s ${option.slice(1)}`;
      lines.push(`complete -c openclaw ${guard} ${flag}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The completion script for `shell` covering every command of `root` (core and plugin commands). */
export function completionScript(shell: CompletionShell, root: CommandNode): string {
  if (shell === "zsh") return zshScript(root);
  if (shell === "fish") return fishScript(root);
  return bashScript(root);
}
