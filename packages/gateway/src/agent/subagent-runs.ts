import { errorMessage, isOpenClawError, type SubagentWaitResult } from "@openclaw/plugin-sdk/core";
import type { AgentTurnParams, AgentTurnResult } from "./types.js";

/** Most runs one plugin may have queued or running at once. */
export const SUBAGENT_MAX_ACTIVE_RUNS = 8;
/** Finished runs remembered per plugin (for `waitForRun` and idempotency keys); older ones are forgotten. */
export const SUBAGENT_FINISHED_RUNS_KEPT = 64;

/** The part of the agent runtime the run table drives. */
export interface SubagentTurnRunner {
  run(params: AgentTurnParams): Promise<AgentTurnResult>;
  abort(runId: string): boolean;
}

/** One background run of a plugin. */
export interface SubagentRunRecord {
  runId: string;
  pluginId: string;
  sessionKey: string;
  idempotencyKey: string | undefined;
  /** ms since the epoch. */
  startedAt: number;
  /** Set once the run ended: what `waitForRun` answers from then on. */
  outcome: SubagentWaitResult | undefined;
  /** Settles when `outcome` is set. */
  done: Promise<void>;
  /** Why the host aborted the run, if it did. */
  abortReason: string | undefined;
}

interface PluginRuns {
  active: Map<string, SubagentRunRecord>;
  /** Insertion order = finishing order; capped at {@link SUBAGENT_FINISHED_RUNS_KEPT}. */
  finished: Map<string, SubagentRunRecord>;
  byIdempotencyKey: Map<string, string>;
}

function outcomeOf(record: SubagentRunRecord, result: AgentTurnResult): SubagentWaitResult {
  const times = { startedAt: record.startedAt, endedAt: Date.now() };
  if (!result.aborted) return { status: "ok", text: result.text, model: result.model, ...times };
  return {
    status: "error",
    code: "AGENT_ABORTED",
    error: `the run was aborted${record.abortReason ? ` (${record.abortReason})` : ""}`,
    text: result.text,
    model: result.model,
    ...times,
  };
}

function failureOf(record: SubagentRunRecord, error: unknown): SubagentWaitResult {
  return {
    status: "error",
    code: isOpenClawError(error) ? error.code : "AGENT_PROVIDER_ERROR",
    error: errorMessage(error),
    startedAt: record.startedAt,
    endedAt: Date.now(),
  };
}

/**
 * The table of background agent runs, per owning plugin: at most {@link SUBAGENT_MAX_ACTIVE_RUNS}
 * queued or running each, the last {@link SUBAGENT_FINISHED_RUNS_KEPT} finished ones remembered with
 * their outcome. A plugin only ever sees its own runs.
 */
export class SubagentRuns {
  readonly #plugins = new Map<string, PluginRuns>();

  constructor(private readonly runner: SubagentTurnRunner) {}

  #of(pluginId: string): PluginRuns {
    let runs = this.#plugins.get(pluginId);
    if (!runs) {
      runs = { active: new Map(), finished: new Map(), byIdempotencyKey: new Map() };
      this.#plugins.set(pluginId, runs);
    }
    return runs;
  }

  /** Queued or running runs of `pluginId`. */
  activeCount(pluginId: string): number {
    return this.#plugins.get(pluginId)?.active.size ?? 0;
  }

  /** A run of `pluginId`, active or remembered; `undefined` for any other plugin's run. */
  find(pluginId: string, runId: string): SubagentRunRecord | undefined {
    const runs = this.#plugins.get(pluginId);
    return runs?.active.get(runId) ?? runs?.finished.get(runId);
  }

  /** The remembered run an idempotency key of `pluginId` started, if any. */
  findByIdempotencyKey(pluginId: string, key: string): SubagentRunRecord | undefined {
    const runId = this.#plugins.get(pluginId)?.byIdempotencyKey.get(key);
    return runId === undefined ? undefined : this.find(pluginId, runId);
  }

  /**
   * Starts `params` as a run of `pluginId` (the caller checked the limits and the policy) and
   * returns its record at once; the turn runs in the background.
   */
  start(
    pluginId: string,
    params: AgentTurnParams & { runId: string; sessionKey: string },
    idempotencyKey?: string,
  ): SubagentRunRecord {
    const runs = this.#of(pluginId);
    let settle!: () => void;
    const record: SubagentRunRecord = {
      runId: params.runId,
      pluginId,
      sessionKey: params.sessionKey,
      idempotencyKey,
      startedAt: Date.now(),
      outcome: undefined,
      done: new Promise<void>((resolve) => {
        settle = resolve;
      }),
      abortReason: undefined,
    };
    runs.active.set(record.runId, record);
    if (idempotencyKey !== undefined) runs.byIdempotencyKey.set(idempotencyKey, record.runId);
    this.runner.run(params).then(
      (result) => this.#finish(runs, record, outcomeOf(record, result), settle),
      (error: unknown) => this.#finish(runs, record, failureOf(record, error), settle),
    );
    return record;
  }

  #finish(
    runs: PluginRuns,
    record: SubagentRunRecord,
    outcome: SubagentWaitResult,
    settle: () => void,
  ): void {
    record.outcome = outcome;
    runs.active.delete(record.runId);
    runs.finished.set(record.runId, record);
    for (const [runId, old] of runs.finished) {
      if (runs.finished.size <= SUBAGENT_FINISHED_RUNS_KEPT) break;
      runs.finished.delete(runId);
      if (old.idempotencyKey !== undefined) runs.byIdempotencyKey.delete(old.idempotencyKey);
    }
    settle();
  }

  /**
   * Aborts the queued and running runs of `pluginId` (only those on `sessionKey` when given) and
   * resolves once each has ended; returns how many were aborted.
   */
  async abortPlugin(pluginId: string, reason: string, sessionKey?: string): Promise<number> {
    const active = [...(this.#plugins.get(pluginId)?.active.values() ?? [])].filter(
      (r) => sessionKey === undefined || r.sessionKey === sessionKey,
    );
    for (const record of active) {
      record.abortReason = reason;
      this.runner.abort(record.runId);
    }
    await Promise.all(active.map((r) => r.done));
    return active.length;
  }

  /** Aborts every plugin's runs (gateway shutdown) and resolves once they have ended. */
  async abortAll(reason: string): Promise<void> {
    await Promise.all([...this.#plugins.keys()].map((id) => this.abortPlugin(id, reason)));
  }
}
