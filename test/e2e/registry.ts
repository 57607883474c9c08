import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { repoRoot } from "./helpers.js";

/** A verdaccio npm registry on a random loopback port, started and stopped by a test. */
export interface LocalRegistry {
  url: string;
  /** npm config to use it: `NPM_CONFIG_USERCONFIG` and `npm_config_registry`. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts verdaccio with storage in `dir`. `openclaw` and `@openclaw/*` are served only from what the
 * test publishes (never from the public registry, where `openclaw` is another project); every other
 * package is proxied from the registry npm is configured with here.
 */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const upstream =
    execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim() ||
    "https://registry.npmjs.org/";
  writeFileSync(
    join(dir, "config.yaml"),
    `storage: ${join(dir, "storage")}
auth:
  htpasswd:
    file: ${join(dir, "htpasswd")}
    max_users: -1
uplinks:
  upstream:
    url: ${upstream}
    cache: false
packages:
  'openclaw':
    access: $all
    publish: $anonymous
    unpublish: $anonymous
  '@openclaw/*':
    access: $all
    publish: $anonymous
    unpublish: $anonymous
  '**':
    access: $all
    proxy: upstream
middlewares:
  audit:
    enabled: false
web:
  enable: false
log: { type: stdout, format: pretty, level: error }
listen: 127.0.0.1:${port}
`,
  );
  const npmrc = join(dir, "npmrc");
  writeFileSync(
    npmrc,
    `registry=${url}/\n//127.0.0.1:${port}/:_authToken=e2e-anonymous\nfund=false\naudit=false\n`,
  );
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, "node_modules/verdaccio/bin/verdaccio"), "--config", join(dir, "config.yaml")],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited:\n${output}`);
    try {
      const response = await fetch(`${url}/-/ping`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`verdaccio did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    env: { NPM_CONFIG_USERCONFIG: npmrc, npm_config_registry: `${url}/` },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
