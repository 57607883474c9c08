#!/usr/bin/env node
// The bundle (built by scripts/bundle-cli.mjs) starts faster; dist/index.js is the same code unbundled.
import { existsSync } from "node:fs";

const entry = existsSync(new URL("../dist/openclaw.bundle.mjs", import.meta.url))
  ? "../dist/openclaw.bundle.mjs"
  : "../dist/index.js";
const { runCli } = await import(entry);
process.exitCode = await runCli(process.argv.slice(2));
