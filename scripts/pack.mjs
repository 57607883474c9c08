#!/usr/bin/env node
// `pnpm pack-all`: packs every publishable package (as `pnpm publish` would: workspace:^ ranges
// rewritten to real versions) into `.packs/` and prints one absolute tarball path per line, so
// `npm i <paths>` gives a project the same packages it would get from the registry.
// Usage: node scripts/pack.mjs [name…]   (names like @openclaw/plugin-sdk; default: all)
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt, pnpm, root } from "./ensure-deps.mjs";

// Same list, same order as PUBLISHABLE in test/e2e/helpers.ts.
const PUBLISHABLE = [
  "packages/plugin-sdk",
  "packages/plugin-registry",
  "packages/plugin-loader",
  "packages/control-ui",
  "packages/gateway",
  "packages/cli",
  "extensions/voice-call",
];

const wanted = process.argv.slice(2);
const dest = join(root, ".packs");
mkdirSync(dest, { recursive: true });
// Progress and build output go to stderr so stdout stays a list of paths.
if (!process.env.OPENCLAW_PACK_SKIP_BUILD) ensureBuilt({ quietStdout: true });
for (const dir of PUBLISHABLE) {
  const { name, version } = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  pnpm(["pack", "--pack-destination", dest], { cwd: join(root, dir), stdio: "ignore" });
  console.log(join(dest, `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`));
}
