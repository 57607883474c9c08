export { runCli } from "./cli.js";
export { type CliContext, type CliContextOptions, createCliContext } from "./cli-context.js";
export { CORE_COMMANDS, loadPluginCli, runPluginCommand } from "./plugin-commands.js";
export {
  EXIT_FAILURE,
  EXIT_NOT_FOUND,
  EXIT_OK,
  EXIT_UNREACHABLE,
  EXIT_USAGE,
  exitCodeFor,
  renderError,
  renderErrorJson,
} from "./render-error.js";
export { CLI_VERSION } from "./version.js";
