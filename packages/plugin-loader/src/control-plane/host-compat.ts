import { lazy } from "../host/lazy-modules.js";

/** What a package declares about the hosts it runs on. */
export interface HostRequirements {
  /** `openclaw.install.minHostVersion`, e.g. `>=2026.4.10`. */
  minHostVersion?: unknown;
  /** `peerDependencies.openclaw`, a semver range. */
  peerRange?: unknown;
}

/** Why a plugin cannot run on this host, or `undefined` when it can. */
export interface HostCompatProblem {
  message: string;
  hint: string;
}

const MIN_HOST = /^>=\s*v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * Checks a package's host requirements against `hostVersion` with prerelease-aware semver (a
 * prerelease host satisfies `>=` ranges of its release line, and prerelease floors compare
 * correctly). `minHostVersion` must be `>=X.Y.Z[-pre]`; a malformed value is a problem of its own.
 */
export function checkHostCompat(
  requirements: HostRequirements,
  hostVersion: string,
): HostCompatProblem | undefined {
  if (
    requirements.minHostVersion === undefined &&
    (typeof requirements.peerRange !== "string" || requirements.peerRange.trim() === "")
  ) {
    return undefined;
  }
  const semver = lazy.semver();
  const host =
    semver.valid(semver.coerce(hostVersion, { includePrerelease: true })) ?? semver.valid(hostVersion);
  const { minHostVersion, peerRange } = requirements;
  const checks: Array<[string, string]> = [];
  if (minHostVersion !== undefined) {
    if (typeof minHostVersion !== "string" || !MIN_HOST.test(minHostVersion.trim())) {
      return {
        message: `invalid openclaw.install.minHostVersion ${JSON.stringify(minHostVersion)} (expected ">=X.Y.Z")`,
        hint: "Ask the plugin author to fix package.json openclaw.install.minHostVersion.",
      };
    }
    checks.push(["openclaw.install.minHostVersion", minHostVersion.trim()]);
  }
  if (typeof peerRange === "string" && peerRange.trim() !== "" && peerRange.trim() !== "*") {
    if (semver.validRange(peerRange) === null) {
      return {
        message: `invalid peerDependencies.openclaw range ${JSON.stringify(peerRange)}`,
        hint: "Ask the plugin author to fix peerDependencies.openclaw.",
      };
    }
    checks.push(["peerDependencies.openclaw", peerRange.trim()]);
  }
  if (checks.length === 0) return undefined;
  if (!host) {
    return { message: `cannot determine this host's version (${hostVersion})`, hint: "Reinstall openclaw." };
  }
  for (const [source, range] of checks) {
    if (!semver.satisfies(host, range, { includePrerelease: true })) {
      return {
        message: `plugin requires OpenClaw ${range} (${source}), but this host is ${hostVersion}`,
        hint: "Install a plugin version built for this host, or upgrade openclaw.",
      };
    }
  }
  return undefined;
}
