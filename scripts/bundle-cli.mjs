#!/usr/bin/env node
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// Bundles the `openclaw` CLI's own module graph (the CLI, the loader, the registry, the gateway client,
// yargs) into packages/cli/dist/openclaw.bundle.mjs. Resolving and evaluating ~100 small ESM modules is
// most of a cold `openclaw plugins list`; one file cuts that start-up cost (see `pnpm bench`).
// Kept external: the SDK (one instance shared with jiti-loaded plugins), the gateway server (imported
// only by `openclaw gateway`), and dependencies loaded lazily on first use.
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const external = [
  "@openclaw/plugin-sdk",
  "@openclaw/plugin-sdk/*",
  "@openclaw/gateway",
  "ajv",
  "commander",
  "jiti",
  "json5",
  "npm-package-arg",
  "pino",
  "semver",
  "tar",
  "write-file-atomic",
  "yauzl",
  "yaml",
  "ws",
];
await build({
  entryPoints: [join(root, "packages/cli/dist/index.js")],
  outfile: join(root, "packages/cli/dist/openclaw.bundle.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external,
  banner: {
    js: "import { createRequire as __openclawCreateRequire } from 'node:module'; const require = __openclawCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
  legalComments: "none",
});
