import { type PathEnv, readConfigFile, resolveConfigPath, writeConfigFile } from "@openclaw/plugin-loader";
import type { ConfigEditor } from "../methods/plugin-admin-methods.js";

/**
 * A {@link ConfigEditor} over the config file: read, edit, atomic write (temp file + rename), with
 * edits from this process applied one at a time.
 */
export function fileConfigEditor(env: PathEnv): ConfigEditor {
  let queue: Promise<unknown> = Promise.resolve();
  return (edit) => {
    const run = queue.then(async () => {
      const path = resolveConfigPath(env);
      const { config } = await readConfigFile(path);
      await writeConfigFile(path, await edit(config));
    });
    queue = run.catch(() => undefined);
    return run;
  };
}
