import { realpathSync } from "node:fs";
import type { PluginOrigin } from "@openclaw/plugin-registry";
import type { PluginCandidate } from "./discovery.js";

/** What happened to one candidate of an id. */
export interface CandidateDecision {
  origin: PluginOrigin;
  source: string;
  rootDir: string;
  /** `winner`: the copy that is used; `shadowed`: a lower-precedence copy; `skipped`: a disabled
   * workspace copy that does not shadow; `blocked`: failed a safety gate; `invalid`: manifest error. */
  outcome: "winner" | "shadowed" | "skipped" | "blocked" | "invalid";
  /** The rule that decided, in words. */
  rule: string;
}

/** A candidate whose manifest was read, with the id it claims. */
export interface IdentifiedCandidate {
  id: string;
  candidate: PluginCandidate;
  /** True when it is a workspace copy that enablement turns off by default. */
  workspaceOff: boolean;
}

function realRoot(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Picks the copy of each id that is used. Candidates arrive in discovery order (config paths,
 * workspace, global, bundled) and the first copy wins, except that a workspace copy which is off by
 * default does not shadow a later copy (a checked-out repo never silently replaces installed code).
 * The same physical directory found twice counts once. Returns, per id, the winner and every decision.
 */
export function selectCandidates(
  candidates: readonly IdentifiedCandidate[],
): Map<string, { winner: IdentifiedCandidate; decisions: CandidateDecision[] }> {
  const byId = new Map<string, IdentifiedCandidate[]>();
  for (const c of candidates) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  const out = new Map<string, { winner: IdentifiedCandidate; decisions: CandidateDecision[] }>();
  for (const [id, list] of byId) {
    const seenRoots = new Set<string>();
    const unique = list.filter((c) => {
      const key = `${realRoot(c.candidate.rootDir)}::${c.candidate.packEntry ?? ""}`;
      if (seenRoots.has(key)) return false;
      seenRoots.add(key);
      return true;
    });
    const decisions: CandidateDecision[] = [];
    let winner: IdentifiedCandidate | undefined;
    let skippedNote: string | undefined;
    unique.forEach((c, index) => {
      const base = { origin: c.candidate.origin, source: c.candidate.source, rootDir: c.candidate.rootDir };
      if (winner) {
        decisions.push({
          ...base,
          outcome: "shadowed",
          rule: `shadowed by the ${winner.candidate.origin} copy (${winner.candidate.source})`,
        });
        return;
      }
      const later = unique.slice(index + 1);
      if (c.workspaceOff && later.length > 0) {
        decisions.push({
          ...base,
          outcome: "skipped",
          rule: `workspace copy is off by default, so it does not shadow the ${later[0]?.candidate.origin} copy; enable or allowlist "${id}" to use it`,
        });
        skippedNote = "a disabled workspace copy does not shadow it";
        return;
      }
      winner = c;
      decisions.push({
        ...base,
        outcome: "winner",
        rule:
          index === 0 && unique.length === 1
            ? "only copy"
            : `first in discovery order (config paths, workspace, global, bundled)${skippedNote ? `; ${skippedNote}` : ""}`,
      });
    });
    if (winner) out.set(id, { winner, decisions });
  }
  return out;
}
