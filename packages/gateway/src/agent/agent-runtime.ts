import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { ControlPlane, HostLogger, PathEnv } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import type {
  EmbeddedAgentParams,
  EmbeddedAgentResult,
  OpenClawConfig,
  PluginRuntimeAgent,
  PluginRuntimeLlm,
  PluginRuntimeSubagent,
} from "@openclaw/plugin-sdk/core";
import type { ApprovalQueue } from "../approvals/index.js";
import type { HookRunner } from "../hooks/hook-runner.js";
import { completeText, runAgentTurn } from "./lazy-agent.js";
import { ModelCatalog } from "./model-catalog.js";
import { defaultModelOf, piParamsToTurn, resolveAgentTimeoutMs, turnToPiResult } from "./pi-agent-adapter.js";
import { SessionStore } from "./session-store.js";
import { listHostSkills } from "./skills.js";
import { SubagentRuns } from "./subagent-runs.js";
import { createSubagentRuntime } from "./subagent-runtime.js";
import type { AgentDeps, AgentEvent, AgentTurnParams, AgentTurnResult } from "./types.js";

/** Dependencies of {@link AgentRuntime}, all owned by the plugin host. */
export interface AgentRuntimeOptions {
  registry: PluginRegistry;
  hooks: HookRunner;
  /** Where the turns' tool calls wait for plugin approvals. */
  approvals?: ApprovalQueue;
  config: () => OpenClawConfig;
  controlPlane: () => ControlPlane;
  stateDir: string;
  env: PathEnv;
  logger: HostLogger;
}

/** How long a skills scan is reused, in ms. */
const SKILLS_TTL_MS = 1000;

/** The `/ws` event name of each agent event type. */
export const AGENT_EVENT_NAMES = { delta: "agent.delta", tool: "agent.tool", end: "agent.end" } as const;

/**
 * The gateway's agent runtime: model catalog, session transcripts and the turn runner. Turns of one
 * session key run one after another (a second turn waits for the first), so a transcript never
 * interleaves. Emits `event` with `(name, payload)` for every `agent.delta`, `agent.tool` and
 * `agent.end`, which the gateway broadcasts on `/ws`.
 */
export class AgentRuntime extends EventEmitter {
  readonly catalog: ModelCatalog;
  readonly sessions: SessionStore;
  /** Background runs of plugins (`api.runtime.subagent`), per owning plugin. */
  readonly subagentRuns: SubagentRuns;
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #running = new Map<string, AbortController>();
  #skills: { at: number; value: ReturnType<typeof listHostSkills> } | undefined;

  constructor(private readonly options: AgentRuntimeOptions) {
    super();
    this.catalog = new ModelCatalog(options);
    this.sessions = new SessionStore(options.stateDir);
    this.subagentRuns = new SubagentRuns(this);
  }

  #deps(): AgentDeps {
    const { registry, hooks, config, logger } = this.options;
    return {
      registry,
      hooks,
      ...(this.options.approvals ? { approvals: this.options.approvals } : {}),
      config,
      logger,
      catalog: this.catalog,
      sessions: this.sessions,
      skills: async () => (await this.skills()).skills,
      workspaceDir: this.options.controlPlane().workspaceDir,
    };
  }

  /** Runs one turn (serialised per session key); see `runAgentTurn` for the order and the errors. */
  async run(params: AgentTurnParams): Promise<AgentTurnResult> {
    const key = params.sessionKey?.trim() || "main";
    const runId = params.runId ?? randomUUID();
    const controller = new AbortController();
    this.#running.set(runId, controller);
    const signal = params.signal ? AbortSignal.any([params.signal, controller.signal]) : controller.signal;
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const onEvent = (event: AgentEvent): void => {
      params.onEvent?.(event);
      const { type, ...payload } = event;
      this.emit("event", AGENT_EVENT_NAMES[type], payload);
    };
    const turn = previous
      .catch(() => undefined)
      .then(() => {
        if (!signal.aborted) return runAgentTurn(this.#deps(), { ...params, runId, signal, onEvent });
        const end = {
          runId,
          sessionKey: key,
          ok: true,
          text: "",
          aborted: true,
          stopReason: "aborted" as const,
        };
        onEvent({ type: "end", ...end });
        return notStarted(runId, key);
      });
    const tail = turn.catch(() => undefined);
    this.#locks.set(key, tail);
    void tail.then(() => {
      this.#running.delete(runId);
      if (this.#locks.get(key) === tail) this.#locks.delete(key);
    });
    return turn;
  }

  /** Resolves when no turn of `sessionKey` is queued or running (at the time of the call). */
  async idle(sessionKey: string): Promise<void> {
    await this.#locks.get(sessionKey.trim() || "main");
  }

  /** Aborts a running (or queued) turn; true when one had this run id. */
  abort(runId: string): boolean {
    const controller = this.#running.get(runId);
    controller?.abort(new Error("aborted by agent.abort"));
    return controller !== undefined;
  }

  /**
   * Skills the model is offered (and why some are not), read from disk at most once per second so a
   * busy gateway does not rescan skill directories on every turn.
   */
  skills(): ReturnType<typeof listHostSkills> {
    const now = Date.now();
    if (!this.#skills || now - this.#skills.at > SKILLS_TTL_MS) {
      this.#skills = { at: now, value: listHostSkills(this.options.controlPlane(), this.options.stateDir) };
    }
    return this.#skills.value;
  }

  /** `api.runtime.agent` and `api.runtime.llm` for plugins (contract in the SDK's runtime-types). */
  pluginMembers(): { agent: PluginRuntimeAgent; llm: PluginRuntimeLlm } {
    const config = this.options.config;
    return {
      agent: {
        runEmbeddedAgent: async (params: EmbeddedAgentParams): Promise<EmbeddedAgentResult> => {
          const result = await this.run({ messageProvider: "plugin", ...params });
          return {
            text: result.text,
            aborted: result.aborted,
            runId: result.runId,
            sessionKey: result.sessionKey,
            ...(result.usage ? { usage: result.usage } : {}),
          };
        },
        runEmbeddedPiAgent: async (params) => {
          const started = performance.now();
          const result = await this.run(piParamsToTurn(config(), params));
          return turnToPiResult(result, Math.round(performance.now() - started));
        },
        resolveAgentTimeoutMs: (params) => resolveAgentTimeoutMs(config(), params),
        defaults: {
          get provider() {
            return defaultModelOf(config()).provider;
          },
          get model() {
            return defaultModelOf(config()).model;
          },
        },
      },
      llm: {
        complete: (params) =>
          completeText(
            { catalog: this.catalog, config: this.options.config, logger: this.options.logger },
            params,
          ),
      },
    };
  }

  /**
   * `api.runtime.subagent` bound to `pluginId` (runs owned by it); `isLive` says whether the plugin
   * may still act (not failed, not disabled).
   */
  subagentFor(pluginId: string, isLive: (pluginId: string) => boolean): PluginRuntimeSubagent {
    return createSubagentRuntime(
      {
        runs: this.subagentRuns,
        sessions: this.sessions,
        config: this.options.config,
        isLive,
        idle: (key) => this.idle(key),
      },
      pluginId,
    );
  }
}

/** The result of a turn aborted while it waited for an earlier turn of its session: it never ran. */
function notStarted(runId: string, sessionKey: string): AgentTurnResult {
  return {
    text: "",
    aborted: true,
    runId,
    sessionKey,
    sessionId: "",
    model: "",
    stopReason: "aborted",
    toolCalls: [],
    settled: Promise.resolve(),
  };
}
