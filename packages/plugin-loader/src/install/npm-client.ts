import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { OpenClawError } from "@openclaw/plugin-sdk/core";

/** Where and how to run npm. Registry and auth come from the user's npm configuration. */
export interface NpmOptions {
  /** Working directory (its project `.npmrc` applies, as it would for npm itself). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Timeout of one npm call, in ms; default 300 000. */
  timeoutMs?: number;
}

/** What the registry says about one resolved version. */
export interface NpmResolution {
  name: string;
  version: string;
  /** Subresource integrity of the tarball, e.g. `sha512-…`. */
  integrity: string;
  tarball?: string;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

function npmError(spec: string, stdout: string, stderr: string, cause: unknown): OpenClawError {
  let code = "";
  let summary = "";
  for (const text of [stdout, stderr]) {
    const start = text.indexOf('{\n  "error"');
    if (start === -1) continue;
    try {
      const parsed = JSON.parse(text.slice(start, text.indexOf("\n}", start) + 2)) as {
        error?: { code?: string; summary?: string; detail?: string };
      };
      code = parsed.error?.code ?? "";
      summary =
        code === "E404"
          ? (parsed.error?.summary ?? "")
          : [parsed.error?.summary, parsed.error?.detail].filter(Boolean).join(" — ");
      break;
    } catch {
      // fall back to the raw text below
    }
  }
  const real =
    summary ||
    stderr
      .split("\n")
      .filter((l) => l.startsWith("npm error") && !l.includes("complete log"))
      .map((l) => l.replace(/^npm error\s*/, ""))
      .join(" ")
      .trim() ||
    (cause as Error).message;
  if (code === "E404" || /E404|404 Not Found/.test(real)) {
    return new OpenClawError(
      "INSTALL_PACKAGE_NOT_FOUND",
      `package not found on the npm registry: ${spec} (${real})`,
      {
        cause,
        hint: "Check the name, version or dist-tag, and the registry in your npm config (npm config get registry).",
      },
    );
  }
  if (
    NETWORK_CODES.has(code) ||
    /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ECONNRESET|network/i.test(real)
  ) {
    return new OpenClawError("INSTALL_NETWORK_FAILED", `cannot reach the npm registry for ${spec}: ${real}`, {
      cause,
      hint: "Check your network and the registry in your npm config (npm config get registry); nothing was changed.",
    });
  }
  return new OpenClawError("INSTALL_FAILED", `npm failed for ${spec}: ${real}`, { cause });
}

function runNpm(args: string[], spec: string, options: NpmOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.platform === "win32" ? "npm.cmd" : "npm",
      args,
      {
        cwd: options.cwd,
        env: {
          ...(options.env ?? process.env),
          npm_config_ignore_scripts: "true",
          npm_config_fund: "false",
          npm_config_audit: "false",
          COREPACK_ENABLE_DOWNLOAD_PROMPT: "0",
        },
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        error ? reject(npmError(spec, String(stdout), String(stderr), error)) : resolve(String(stdout)),
    );
  });
}

/**
 * Resolves a spec to one version with `npm view --prefer-online` (fresh metadata, so a republished
 * artifact is seen at once; nothing downloaded).
 * @throws {@link OpenClawError} `INSTALL_PACKAGE_NOT_FOUND`, `INSTALL_NETWORK_FAILED`, `INSTALL_FAILED`.
 */
export async function npmResolve(spec: string, options: NpmOptions): Promise<NpmResolution> {
  const out = await runNpm(
    ["view", spec, "name", "version", "dist.integrity", "dist.tarball", "--json", "--prefer-online"],
    spec,
    options,
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(out);
  } catch {
    throw new OpenClawError("INSTALL_FAILED", `npm view ${spec} printed no JSON`);
  }
  const last = (Array.isArray(parsed) ? parsed.at(-1) : parsed) as Record<string, unknown> | undefined;
  if (!last || typeof last.version !== "string" || typeof last.name !== "string") {
    throw new OpenClawError("INSTALL_PACKAGE_NOT_FOUND", `no version of ${spec} on the registry`);
  }
  return {
    name: last.name,
    version: last.version,
    integrity: String(last["dist.integrity"] ?? ""),
    ...(typeof last["dist.tarball"] === "string" ? { tarball: last["dist.tarball"] } : {}),
  };
}

/**
 * Downloads `name@version` with `npm pack` (npm checks the registry's integrity while fetching) into
 * `destDir`, then recomputes the sha512 of the file itself.
 * @throws {@link OpenClawError} `INSTALL_INTEGRITY_MISMATCH` when the bytes do not match `expected`,
 * plus the codes of {@link npmResolve}.
 */
export async function npmFetchTarball(
  resolution: NpmResolution,
  destDir: string,
  options: NpmOptions,
): Promise<{ file: string; integrity: string }> {
  const spec = `${resolution.name}@${resolution.version}`;
  const out = await runNpm(
    ["pack", spec, "--json", "--ignore-scripts", "--prefer-online", "--pack-destination", destDir],
    spec,
    options,
  );
  const packed = (JSON.parse(out) as Array<{ filename: string }>)[0];
  if (!packed?.filename) throw new OpenClawError("INSTALL_FAILED", `npm pack ${spec} printed no file name`);
  const file = join(destDir, packed.filename.replace(/^@/, "").replace(/\//g, "-"));
  const integrity = `sha512-${createHash("sha512")
    .update(await readFile(file))
    .digest("base64")}`;
  if (resolution.integrity && resolution.integrity !== integrity) {
    throw new OpenClawError(
      "INSTALL_INTEGRITY_MISMATCH",
      `${spec}: downloaded bytes do not match the registry's integrity`,
      {
        hint: "Nothing was installed. Retry; if it persists, the registry or a proxy is serving a modified tarball.",
        details: { expected: resolution.integrity, actual: integrity },
      },
    );
  }
  return { file, integrity };
}
