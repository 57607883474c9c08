import type { HostLogger } from "@openclaw/plugin-loader";
import type { LlmCompleteParams, LlmCompleteResult, OpenClawConfig } from "@openclaw/plugin-sdk/core";
import type { ModelCatalog } from "./model-catalog.js";
import type { AgentDeps, AgentTurnParams, AgentTurnResult } from "./types.js";

/*
 * The model transport (the Vercel `ai` SDK) takes ~95 ms to import. The gateway loads it on the first
 * agent turn or `llm.complete`, not at start-up: these wrappers import the turn modules on first use.
 */

/** {@link import("./agent-turn.js").runAgentTurn}, with the model transport loaded on first use. */
export async function runAgentTurn(deps: AgentDeps, params: AgentTurnParams): Promise<AgentTurnResult> {
  const { runAgentTurn: run } = await import("./agent-turn.js");
  return run(deps, params);
}

/** {@link import("./llm-complete.js").completeText}, with the model transport loaded on first use. */
export async function completeText(
  deps: { catalog: ModelCatalog; config: () => OpenClawConfig; logger: HostLogger },
  params: LlmCompleteParams,
): Promise<LlmCompleteResult> {
  const { completeText: complete } = await import("./llm-complete.js");
  return complete(deps, params);
}
