import type { CoreErrorCode } from "@openclaw/plugin-sdk/core";
import { providedSdkSubpaths } from "../runtime/sdk-alias.js";
import { checkHostCompat } from "./host-compat.js";
import { scanSdkImports } from "./sdk-imports.js";

/** Why a plugin cannot run on this host, found without running its code. */
export interface CompatibilityProblem {
  code: CoreErrorCode;
  message: string;
  hint: string;
}

/** What {@link staticCompatibilityProblem} reads of a plugin. */
export interface CompatibilitySubject {
  /** Plugin root whose source files are scanned for SDK imports. */
  rootDir: string;
  /** The `openclaw` block of its `package.json` (for `install.minHostVersion`). */
  packageOpenclaw?: Record<string, unknown>;
  /** `peerDependencies.openclaw` of its `package.json`. */
  peerRange?: string;
}

/**
 * Static compatibility checks, without running plugin code: every `openclaw/plugin-sdk/<sub>` the
 * plugin's files import must be provided by this host (`PLUGIN_SDK_SUBPATH_MISSING`, naming every
 * missing one), and its declared host range (`openclaw.install.minHostVersion`,
 * `peerDependencies.openclaw`) must admit this host's version (`PLUGIN_HOST_INCOMPATIBLE`). Used by
 * the control plane for discovered plugins and by install before anything is written.
 */
export async function staticCompatibilityProblem(
  subject: CompatibilitySubject,
  hostVersion: string,
): Promise<CompatibilityProblem | undefined> {
  const install = subject.packageOpenclaw?.install as { minHostVersion?: unknown } | undefined;
  const host = checkHostCompat(
    { minHostVersion: install?.minHostVersion, peerRange: subject.peerRange },
    hostVersion,
  );
  const provided = new Set(["", ...providedSdkSubpaths()]);
  const missing = (await scanSdkImports(subject.rootDir)).filter((sub) => !provided.has(sub));
  if (missing.length > 0) {
    return {
      code: "PLUGIN_SDK_SUBPATH_MISSING",
      message:
        `plugin imports SDK subpaths this host does not provide: ${missing.map((s) => `openclaw/plugin-sdk/${s}`).join(", ")}` +
        (host ? `; also, ${host.message}` : ""),
      hint: `This host (${hostVersion}) provides openclaw/plugin-sdk/{${providedSdkSubpaths().join(",")}}. Use a plugin version built for it.`,
    };
  }
  if (host) return { code: "PLUGIN_HOST_INCOMPATIBLE", message: host.message, hint: host.hint };
  return undefined;
}
