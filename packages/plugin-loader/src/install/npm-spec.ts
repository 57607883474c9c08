import { createRequire } from "node:module";
import { OpenClawError } from "@openclaw/plugin-sdk/core";

const require = createRequire(import.meta.url);

/** A registry-only npm spec: a package name with an optional exact version or dist-tag. */
export interface NpmSpec {
  /** The spec as typed. */
  raw: string;
  name: string;
  /** `latest` when no selector was given (a bare spec). */
  selector:
    | { kind: "latest"; explicit: boolean }
    | { kind: "version"; version: string }
    | { kind: "tag"; tag: string };
}

const ACCEPTED =
  "a package name with an optional exact version or dist-tag, e.g. @openclaw/voice-call, @openclaw/voice-call@1.2.3 or @openclaw/voice-call@beta";

/** True when `raw` looks like an npm package spec rather than a local path or archive. */
export function looksLikeNpmSpec(raw: string): boolean {
  const value = raw.trim();
  if (value === "" || /^[.~/]/.test(value) || /^[A-Za-z]:[\\/]/.test(value)) return false;
  if (/\.(tgz|tar\.gz|tar|zip)$/i.test(value)) return false;
  return true;
}

/**
 * Parses an npm spec with npm's own parser (`npm-package-arg`) and keeps only registry specs: a name
 * with an optional exact version (`1.2.3`, prereleases included) or dist-tag.
 * @throws {@link OpenClawError} `INSTALL_UNSUPPORTED_SOURCE` for git, URL, file, alias specs and
 * semver ranges, saying what is accepted.
 */
export function parseNpmSpec(raw: string): NpmSpec {
  const npa = require("npm-package-arg") as typeof import("npm-package-arg");
  let parsed: ReturnType<typeof npa>;
  try {
    parsed = npa(raw.trim());
  } catch (error) {
    throw new OpenClawError(
      "INSTALL_UNSUPPORTED_SOURCE",
      `not a valid npm spec: ${raw} (${(error as Error).message})`,
      {
        hint: `Give ${ACCEPTED}.`,
      },
    );
  }
  const refuse = (what: string): OpenClawError =>
    new OpenClawError("INSTALL_UNSUPPORTED_SOURCE", `${what} are not accepted: ${raw}`, {
      hint: `npm specs are registry-only: give ${ACCEPTED}.`,
    });
  if (parsed.type === "git") throw refuse("git specs");
  if (parsed.type === "remote") throw refuse("URL specs");
  if (parsed.type === "file" || parsed.type === "directory") throw refuse("file specs");
  if (parsed.type === "alias") throw refuse("alias specs");
  const name = parsed.name;
  if (!name || !parsed.registry) throw refuse("non-registry specs");
  if (parsed.type === "version")
    return { raw, name, selector: { kind: "version", version: String(parsed.fetchSpec).replace(/^v/, "") } };
  if (parsed.type === "tag") {
    const tag = String(parsed.fetchSpec);
    return {
      raw,
      name,
      selector: tag === "latest" ? { kind: "latest", explicit: true } : { kind: "tag", tag },
    };
  }
  if (parsed.type === "range" && (parsed.rawSpec === "*" || parsed.rawSpec === "")) {
    return { raw, name, selector: { kind: "latest", explicit: false } };
  }
  throw new OpenClawError("INSTALL_UNSUPPORTED_SOURCE", `semver ranges are not accepted: ${raw}`, {
    hint: `Use an exact version or a dist-tag (ranges are not allowed): ${ACCEPTED}.`,
  });
}

/** The spec string passed to npm: `name@version`, `name@tag`, or `name@latest`. */
export function npmSpecString(spec: NpmSpec): string {
  const selector =
    spec.selector.kind === "version"
      ? spec.selector.version
      : spec.selector.kind === "tag"
        ? spec.selector.tag
        : "latest";
  return `${spec.name}@${selector}`;
}

/** The unscoped plugin id for a package name (`@openclaw/voice-call` → `voice-call`). */
export function unscopedName(name: string): string {
  return name.replace(/^@[^/]+\//, "");
}
