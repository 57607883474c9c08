#!/usr/bin/env node
// Bundles each start-up-critical package's module graph into one file, because resolving and
// evaluating ~100 small ESM modules is most of a cold `openclaw plugins list` (see `pnpm bench`):
// - packages/plugin-registry/dist/bundle.js and packages/plugin-loader/dist/bundle.js, which their
//   package.json `exports` point at, so the CLI and the gateway share ONE instance of each per process;
// - packages/cli/dist/openclaw.bundle.mjs: the CLI's own modules, yargs and the gateway client.
// Every workspace package (`@openclaw/*`) and every runtime dependency stays external: a package
// bundles only itself, so no module is ever inlined into two bundles.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const banner = {
  js: "import { createRequire as __openclawCreateRequire } from 'node:module'; const require = __openclawCreateRequire(import.meta.url);",
};

/** The dependencies a package declares, as esbuild externals (each name and its subpaths). */
function externalsOf(pkgDir, keep = []) {
  const pkg = JSON.parse(readFileSync(join(root, pkgDir, "package.json"), "utf8"));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies });
  return [...names.filter((name) => !keep.includes(name)).flatMap((n) => [n, `${n}/*`]), "@openclaw/*"];
}

/** Bundles one entry of a package into one ESM file beside it. */
async function bundle(pkgDir, entry, outfile, keep) {
  await build({
    entryPoints: [join(root, pkgDir, entry)],
    outfile: join(root, pkgDir, outfile),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: externalsOf(pkgDir, keep),
    banner,
    logLevel: "warning",
    legalComments: "none",
  });
}

await bundle("packages/plugin-registry", "dist/index.js", "dist/bundle.js");
await bundle("packages/plugin-loader", "dist/index.js", "dist/bundle.js");
// yargs is inlined into the CLI bundle: it is the CLI's own start-up path.
await bundle("packages/cli", "dist/index.js", "dist/openclaw.bundle.mjs", ["yargs"]);
