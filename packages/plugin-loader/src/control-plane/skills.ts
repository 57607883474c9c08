import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";

/** A skill: `skills/<name>/SKILL.md` with YAML front matter (`name`, `description`, `metadata`). */
export interface SkillSummary {
  name: string;
  description: string;
  /** Absolute path of SKILL.md. */
  file: string;
  /** `plugin` (a manifest `skills` directory), `workspace` or `state` (`<dir>/skills`). */
  source: "plugin" | "workspace" | "state";
  pluginId?: string;
  /** `metadata.openclaw` of the front matter (emoji, skillKey, requires…). */
  openclaw?: Record<string, unknown>;
  /** False when `metadata.openclaw.requires.config` names a config path that is not truthy. */
  eligible: boolean;
  /** Why it is not eligible. */
  ineligibleReason?: string;
}

/** A directory to scan and who it belongs to. */
export interface SkillRoot {
  dir: string;
  source: SkillSummary["source"];
  pluginId?: string;
}

/** A skill file that could not be read. */
export interface SkillProblem {
  file: string;
  message: string;
}

/**
 * Splits `---\nYAML\n---\nbody`; returns the parsed front matter and the body. The YAML parser is
 * imported on first use, so commands that never read a skill do not pay for it.
 */
export async function parseSkillFile(
  text: string,
): Promise<{ front: Record<string, unknown>; body: string }> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) return { front: {}, body: text };
  const { parse } = await import("yaml");
  const front: unknown = parse(match[1] as string);
  return {
    front: typeof front === "object" && front !== null ? (front as Record<string, unknown>) : {},
    body: match[2] as string,
  };
}

function configValue(config: OpenClawConfig, path: string): unknown {
  let value: unknown = config;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function eligibility(
  openclaw: Record<string, unknown> | undefined,
  config: OpenClawConfig,
): Pick<SkillSummary, "eligible" | "ineligibleReason"> {
  const requires = (openclaw?.requires ?? {}) as { config?: unknown };
  const paths = Array.isArray(requires.config)
    ? requires.config.filter((p): p is string => typeof p === "string")
    : [];
  const missing = paths.filter((p) => !configValue(config, p));
  return missing.length === 0
    ? { eligible: true }
    : { eligible: false, ineligibleReason: `needs config ${missing.join(", ")}` };
}

async function readSkill(
  file: string,
  root: SkillRoot,
  fallbackName: string,
  config: OpenClawConfig,
): Promise<SkillSummary> {
  const { front } = await parseSkillFile(await readFile(file, "utf8"));
  const metadata = (front.metadata ?? {}) as { openclaw?: Record<string, unknown> };
  const openclaw =
    typeof metadata.openclaw === "object" && metadata.openclaw !== null ? metadata.openclaw : undefined;
  return {
    name: typeof front.name === "string" && front.name.trim() !== "" ? front.name.trim() : fallbackName,
    description: typeof front.description === "string" ? front.description.trim() : "",
    file,
    source: root.source,
    ...(root.pluginId ? { pluginId: root.pluginId } : {}),
    ...(openclaw ? { openclaw } : {}),
    ...eligibility(openclaw, config),
  };
}

/**
 * Finds skills without running plugin code: every `<root>/<name>/SKILL.md` (and a `SKILL.md` directly
 * in a root). Earlier roots win on name clashes (pass plugin roots, then workspace, then state).
 * Unreadable or malformed files are returned as problems, never thrown.
 */
export async function discoverSkills(
  roots: SkillRoot[],
  config: OpenClawConfig,
): Promise<{ skills: SkillSummary[]; problems: SkillProblem[] }> {
  const skills: SkillSummary[] = [];
  const problems: SkillProblem[] = [];
  for (const root of roots) {
    const entries = await readdir(root.dir, { withFileTypes: true }).catch(() => []);
    const files: Array<[string, string]> = [];
    if (entries.some((e) => e.isFile() && e.name === "SKILL.md"))
      files.push([join(root.dir, "SKILL.md"), root.dir.split(sep).pop() ?? "skill"]);
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = join(root.dir, entry.name, "SKILL.md");
      if (
        await stat(file)
          .then((s) => s.isFile())
          .catch(() => false)
      )
        files.push([file, entry.name]);
    }
    for (const [file, name] of files) {
      try {
        const skill = await readSkill(file, root, name, config);
        if (!skills.some((s) => s.name === skill.name)) skills.push(skill);
      } catch (error) {
        problems.push({ file, message: (error as Error).message });
      }
    }
  }
  return { skills, problems };
}

/**
 * Skill roots of a host: each enabled plugin's manifest `skills` directories (resolved inside its
 * root; one escaping the root is skipped), then `<workspace>/skills`, then `<state dir>/skills`.
 */
export function skillRoots(options: {
  plugins: Array<{ id: string; rootDir: string; enabled: boolean; skills: string[] }>;
  workspaceDir?: string;
  stateDir: string;
}): SkillRoot[] {
  const roots: SkillRoot[] = [];
  for (const plugin of options.plugins) {
    if (!plugin.enabled) continue;
    for (const dir of plugin.skills) {
      const abs = resolve(plugin.rootDir, dir);
      if (abs === plugin.rootDir || abs.startsWith(plugin.rootDir + sep))
        roots.push({ dir: abs, source: "plugin", pluginId: plugin.id });
    }
  }
  if (options.workspaceDir) roots.push({ dir: join(options.workspaceDir, "skills"), source: "workspace" });
  roots.push({ dir: join(options.stateDir, "skills"), source: "state" });
  return roots;
}
