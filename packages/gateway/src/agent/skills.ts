import { readFile } from "node:fs/promises";
import {
  type ControlPlane,
  discoverSkills,
  parseSkillFile,
  type SkillProblem,
  type SkillSummary,
  skillRoots,
} from "@openclaw/plugin-loader";
import type { AgentTool } from "@openclaw/plugin-sdk/core";

export type { SkillSummary } from "@openclaw/plugin-loader";

/** Name of the core tool that returns a skill's instructions. */
export const READ_SKILL_TOOL = "read_skill";

/**
 * Skills of the gateway's enabled plugins (manifest `skills` dirs), the workspace and the state dir,
 * read from disk without running plugin code.
 */
export async function listHostSkills(
  plane: ControlPlane,
  stateDir: string,
): Promise<{ skills: SkillSummary[]; problems: SkillProblem[] }> {
  const plugins = [...plane.plugins.values()].map(({ record, manifest }) => ({
    id: record.id,
    rootDir: record.rootDir,
    enabled: record.activation.enabled && record.status !== "error",
    skills: manifest?.skills ?? [],
  }));
  return discoverSkills(skillRoots({ plugins, workspaceDir: plane.workspaceDir, stateDir }), plane.config);
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] as string,
  );
}

/**
 * The system-prompt section offering eligible skills (upstream's `<available_skills>` block): name,
 * description and location of each; the model loads one with the `read_skill` tool when it applies.
 */
export function skillsPromptSection(skills: SkillSummary[]): string {
  const eligible = skills.filter((s) => s.eligible);
  if (eligible.length === 0) return "";
  const items = eligible.map(
    (s) =>
      `  <skill><name>${escapeXml(s.name)}</name><description>${escapeXml(s.description)}</description><location>${escapeXml(s.file)}</location></skill>`,
  );
  return [
    "## Skills",
    `Before answering, scan the skills below. If one clearly applies, call ${READ_SKILL_TOOL} with its name and follow its instructions.`,
    "<available_skills>",
    ...items,
    "</available_skills>",
  ].join("\n");
}

/** The core `read_skill` tool over the given skills: returns SKILL.md's body (front matter stripped). */
export function createReadSkillTool(skills: SkillSummary[]): AgentTool<{ name?: string }> {
  return {
    name: READ_SKILL_TOOL,
    description: "Read the instructions of one of the available skills by name.",
    parameters: {
      type: "object",
      properties: { name: { type: "string", description: "The skill name" } },
      required: ["name"],
    },
    async execute(_id, params) {
      const skill = skills.find((s) => s.eligible && s.name === params.name);
      if (!skill)
        throw new Error(
          `no skill named ${String(params.name)}; available: ${skills.map((s) => s.name).join(", ")}`,
        );
      const { body } = await parseSkillFile(await readFile(skill.file, "utf8"));
      return {
        content: [{ type: "text", text: body.trim() }],
        details: { name: skill.name, file: skill.file },
      };
    },
  };
}
