/** Identity of a context engine. */
export interface ContextEngineInfo {
  id: string;
  name: string;
  /** True when the engine compacts history itself. */
  ownsCompaction?: boolean;
}

/** A context engine: owns ingest, assembly and compaction of session context. */
export interface ContextEngine {
  info: ContextEngineInfo;
  ingest(params: { messages: unknown[] }): Promise<{ ingested: boolean }> | { ingested: boolean };
  assemble(params: {
    messages: unknown[];
  }):
    | Promise<{ messages: unknown[]; estimatedTokens: number }>
    | { messages: unknown[]; estimatedTokens: number };
  compact(params: {
    messages: unknown[];
  }): Promise<{ ok: boolean; compacted: boolean }> | { ok: boolean; compacted: boolean };
}

/** Builds the engine when it is selected by `plugins.slots.contextEngine`. */
export type ContextEngineFactory = () => ContextEngine | Promise<ContextEngine>;
