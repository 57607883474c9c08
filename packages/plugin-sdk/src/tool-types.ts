/** One content part of a tool result. */
export type AgentToolContent =
  | { type: "text"; text: string }
  | { type: "image"; data: string; mimeType: string };

/** What a tool's `execute` resolves to. */
export interface AgentToolResult {
  content: AgentToolContent[];
  /** Machine-readable payload for callers that do not read `content`. */
  details?: unknown;
}

/**
 * An agent tool. Names are `snake_case` (for example `voice_call`); `parameters` is a JSON Schema
 * for the params object.
 */
export interface AgentTool<P = Record<string, unknown>> {
  name: string;
  label?: string;
  description: string;
  /** JSON Schema (draft-07 or 2020-12) describing `params`. */
  parameters: Record<string, unknown>;
  execute(toolCallId: string, params: P, signal?: AbortSignal): Promise<AgentToolResult> | AgentToolResult;
}

/** Context handed to a tool factory when tools are resolved for an agent run. */
export interface AgentToolFactoryContext {
  /** Agent id when known. */
  agentId?: string;
  sessionKey?: string;
}

/** Builds tools lazily; may return one tool, several, or nothing. */
export type AgentToolFactory = (ctx: AgentToolFactoryContext) => AgentTool | AgentTool[] | null | undefined;

/** Options of `api.registerTool`. */
export interface RegisterToolOptions {
  name?: string;
  names?: string[];
  /** Optional tools are offered only when an allowlist names them. */
  optional?: boolean;
}
