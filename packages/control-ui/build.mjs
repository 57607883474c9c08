#!/usr/bin/env node
// Builds the Control UI into dist/: one ES module and one stylesheet, each named by a hash of its
// content (served with immutable cache headers), an index.html that references them (served
// no-cache), and manifest.json listing every file with its size and gzip size in bytes.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");

const result = await build({
  entryPoints: [join(here, "src/main.ts")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  write: false,
  legalComments: "none",
  logLevel: "warning",
});
const js = result.outputFiles[0].contents;
const css = Buffer.from(
  (
    await build({
      entryPoints: [join(here, "src/styles.css")],
      bundle: true,
      minify: true,
      write: false,
      logLevel: "warning",
    })
  ).outputFiles[0].contents,
);

const hashed = (name, ext, bytes) =>
  `assets/${name}-${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}.${ext}`;
const jsName = hashed("app", "js", js);
const cssName = hashed("app", "css", css);
const template = readFileSync(join(here, "src/index.html"), "utf8");
// Served by the gateway under this prefix (after plugin routes, so an unlikely name).
const urlPrefix = "/__openclaw__/control-ui/";
const html = template.replace("%CSS%", urlPrefix + cssName).replace("%JS%", urlPrefix + jsName);

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });
const files = { "index.html": Buffer.from(html), [jsName]: Buffer.from(js), [cssName]: css };
const manifest = { urlPrefix, entry: { js: jsName, css: cssName }, files: {} };
for (const [name, bytes] of Object.entries(files)) {
  writeFileSync(join(dist, name), bytes);
  manifest.files[name] = { bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}
writeFileSync(join(dist, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
const gz = manifest.files[jsName].gzipBytes + manifest.files[cssName].gzipBytes;
console.log(`control-ui: ${jsName} + ${cssName}, ${(gz / 1024).toFixed(1)} KiB gzipped`);
