import {
  type ControlPlane,
  discoverSkills,
  type SkillProblem,
  type SkillSummary,
  skillRoots,
} from "@openclaw/plugin-loader";
import type { CliContext } from "./cli-context.js";
import { readControlPlane } from "./plugin-report.js";

/**
 * Skills of the enabled plugins (manifest `skills` dirs), the workspace and the state dir, read from
 * the control plane and SKILL.md files only (no plugin code runs).
 */
export async function readControlPlaneSkills(
  ctx: CliContext,
  plane?: ControlPlane,
): Promise<{ skills: SkillSummary[]; problems: SkillProblem[] }> {
  const cp = plane ?? (await readControlPlane(ctx));
  const plugins = [...cp.plugins.values()].map(({ record, manifest }) => ({
    id: record.id,
    rootDir: record.rootDir,
    enabled: record.activation.enabled && record.status !== "error",
    skills: manifest?.skills ?? [],
  }));
  return discoverSkills(
    skillRoots({ plugins, workspaceDir: cp.workspaceDir, stateDir: ctx.stateDir }),
    cp.config,
  );
}

/** The skills one plugin ships (enabled or not), for `plugins info`. */
export async function pluginSkills(plane: ControlPlane, id: string): Promise<SkillSummary[]> {
  const entry = plane.plugins.get(id);
  if (!entry?.manifest?.skills?.length) return [];
  const roots = skillRoots({
    plugins: [{ id, rootDir: entry.record.rootDir, enabled: true, skills: entry.manifest.skills }],
    stateDir: "/nonexistent",
  }).filter((r) => r.source === "plugin");
  return (await discoverSkills(roots, plane.config)).skills;
}
