/**
 * Shapes of the OpenClaw config file (`<state dir>/openclaw.json`, JSON5) as plugins see it.
 * Only the parts the plugin system reads are typed; everything else is kept as `unknown`.
 */

/** Where an install came from. */
export type PluginInstallSource = "npm" | "archive" | "path";

/** `plugins.installs.<id>`: what `openclaw plugins install` recorded. */
export interface PluginInstallRecord {
  source: PluginInstallSource;
  /** The spec or path the user typed. */
  spec?: string;
  /** Absolute source path for `path` and `archive` installs. */
  sourcePath?: string;
  /** Absolute directory the plugin was installed into (or linked from). */
  installPath?: string;
  version?: string;
  resolvedName?: string;
  resolvedVersion?: string;
  /** Subresource integrity of the fetched artifact (`sha512-…`). */
  integrity?: string;
  /** ISO 8601 time of the install. */
  installedAt?: string;
  /**
   * For a pack (`openclaw.extensions` with several entries): the plugin ids it provides
   * (`<package name>/<file base>`). The record itself is keyed by the pack's manifest id.
   */
  plugins?: string[];
}

/** `plugins.entries.<id>`: per-plugin toggles and config. */
export interface PluginEntryConfig {
  enabled?: boolean;
  hooks?: {
    /** `false` blocks `before_prompt_build` and strips prompt fields from `before_agent_start`. */
    allowPromptInjection?: boolean;
    /** Budget of one hook call of this plugin, in ms (default `plugins.hookTimeoutMs`, else 5000). */
    timeoutMs?: number;
  };
  /** Trust given to this plugin's `api.runtime.subagent` runs. */
  subagent?: {
    /** `true` lets `subagent.run` ask for a `provider`/`model` override; default refused. */
    allowModelOverride?: boolean;
    /**
     * With `allowModelOverride`: the `provider/model` references an override may name (`"*"` = any).
     * Unset = any. Set but without one valid `provider/model` entry = none.
     */
    allowedModels?: string[];
  };
  /** Validated against the manifest's `configSchema`. */
  config?: Record<string, unknown>;
}

/** The `plugins` section. */
export interface PluginsConfig {
  /** Master toggle; default `true`. */
  enabled?: boolean;
  /** When non-empty, only these plugin ids may load. */
  allow?: string[];
  /** These plugin ids never load; deny wins over everything. */
  deny?: string[];
  load?: { paths?: string[] };
  slots?: { memory?: string; contextEngine?: string };
  entries?: Record<string, PluginEntryConfig>;
  installs?: Record<string, PluginInstallRecord>;
  /** Default budget of one hook call, in ms (default 5000). */
  hookTimeoutMs?: number;
  /** Budget of one plugin's `register(api)`, in ms (default 10 000). */
  registerTimeoutMs?: number;
  /**
   * Budget in ms of each kind of plugin call; a call that does not settle in time fails with
   * `PLUGIN_CALL_TIMEOUT` (defaults: serviceStart 30 000, serviceStop 10 000, method 30 000,
   * tool 60 000, route 30 000, legacyHook 5 000, command 15 000, channel 15 000, discovery 5 000, oauthRefresh 10 000).
   */
  callBudgetsMs?: Partial<
    Record<
      | "serviceStart"
      | "serviceStop"
      | "method"
      | "tool"
      | "route"
      | "legacyHook"
      | "command"
      | "channel"
      | "discovery"
      | "oauthRefresh",
      number
    >
  >;
}

/** The `gateway` section. */
export interface GatewayConfig {
  /** TCP port; default 18789. */
  port?: number;
  /** Bind address; default `127.0.0.1`. */
  bind?: string;
  /**
   * How long a WebSocket client on `/ws` may stay connected without authenticating, in ms; default
   * 10 000, at most 300 000. Past it the gateway closes the connection with code 4408.
   */
  handshakeTimeoutMs?: number;
  /**
   * How many WebSocket connections may wait to authenticate at once; default 64, at most 10 000.
   * One more is refused with HTTP 503 `GATEWAY_TOO_MANY_CONNECTIONS`.
   */
  maxUnauthenticatedConnections?: number;
}

/** The `approvals` section: bounds of the gateway's plugin-approval queue. */
export interface ApprovalsConfig {
  /** Pending plugin approvals per gateway; default 64, 1 … 10 000. One more is `GATEWAY_APPROVAL_LIMIT`. */
  maxPending?: number;
  /** Pending plugin approvals per session key; default 8, 1 … 10 000. */
  maxPendingPerSession?: number;
  /** Wait of a request that names no `timeoutMs`, in ms; default 120 000, 1 000 … 600 000. */
  defaultTimeoutMs?: number;
}

/** The whole config file. Unknown top-level keys are preserved as-is. */
export interface OpenClawConfig {
  plugins?: PluginsConfig;
  gateway?: GatewayConfig;
  approvals?: ApprovalsConfig;
  channels?: Record<string, unknown>;
  [key: string]: unknown;
}
