#!/usr/bin/env node
// `pnpm openclaw <args>` from the repo root: runs the built CLI. Unless OPENCLAW_STATE_DIR is set, it
// uses the checkout's own state dir `.openclaw-dev/` (the one `npm run demo` creates), so trying the
// repo never touches ~/.openclaw.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./ensure-deps.mjs";

const env = { ...process.env };
env.OPENCLAW_STATE_DIR ??= join(root, ".openclaw-dev");
const result = spawnSync(
  process.execPath,
  [join(root, "packages/cli/bin/openclaw.mjs"), ...process.argv.slice(2)],
  {
    stdio: "inherit",
    env,
  },
);
process.exitCode = result.status ?? 1;
