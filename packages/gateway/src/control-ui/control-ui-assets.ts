import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

/** One file of the Control UI, held in memory with its gzip form. */
export interface ControlUiFile {
  body: Buffer;
  gzip: Buffer;
  contentType: string;
  /** Strong validator: the hash in the asset name, or of the content for index.html. */
  etag: string;
}

/** The built Control UI: `index.html` and the hashed assets, by URL path. */
export interface ControlUiAssets {
  index: ControlUiFile;
  /** Hashed assets keyed by URL path (`/__openclaw__/control-ui/assets/app-<hash>.js`). */
  assets: Map<string, ControlUiFile>;
  /** URL prefix of the assets. */
  urlPrefix: string;
}

interface BuildManifest {
  urlPrefix: string;
  files: Record<string, { bytes: number; gzipBytes: number }>;
}

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  html: "text/html; charset=utf-8",
};

function load(path: string, etag: string): ControlUiFile {
  const body = readFileSync(path);
  const ext = path.slice(path.lastIndexOf(".") + 1);
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    contentType: TYPES[ext] ?? "application/octet-stream",
    etag,
  };
}

/** Directory of the built Control UI (`@openclaw/control-ui/dist`), or undefined when not installed. */
export function controlUiDir(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve("@openclaw/control-ui/package.json");
    const dir = join(dirname(pkg), "dist");
    return existsSync(join(dir, "manifest.json")) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the built Control UI from `dir` (its `manifest.json` lists the files) into memory, each
 * file also gzipped once, so serving costs no disk access. Returns undefined when it is not built.
 */
export function loadControlUi(dir: string | undefined = controlUiDir()): ControlUiAssets | undefined {
  if (!dir) return undefined;
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as BuildManifest;
  const assets = new Map<string, ControlUiFile>();
  let index: ControlUiFile | undefined;
  for (const name of Object.keys(manifest.files)) {
    if (name === "index.html") {
      const file = load(join(dir, name), "");
      index = { ...file, etag: `"${createEtag(file.body)}"` };
      continue;
    }
    const hash = /-([0-9a-f]+)\.[a-z]+$/.exec(name)?.[1] ?? name;
    assets.set(`${manifest.urlPrefix}${name}`, load(join(dir, name), `"${hash}"`));
  }
  return index ? { index, assets, urlPrefix: manifest.urlPrefix } : undefined;
}

function createEtag(body: Buffer): string {
  return createHash("sha256").update(body).digest("hex").slice(0, 16);
}
