import type { ControlPlane } from "./control-plane.js";

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

const stringList: JsonSchema = { type: "array", items: { type: "string" } };

/** `plugins.entries.<id>.subagent`: trust for the plugin's `api.runtime.subagent` model overrides. */
const SUBAGENT_POLICY_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    allowModelOverride: {
      type: "boolean",
      description: "Let api.runtime.subagent.run ask for a provider/model override (default false).",
    },
    allowedModels: {
      ...stringList,
      description: 'provider/model references an override may name; "*" allows any (default any).',
    },
  },
};

/**
 * JSON Schema of the parts of the config file that core owns: `plugins` and `gateway` (unknown keys
 * there are errors) and `channels` (keys checked against plugin manifests separately). Other
 * top-level sections are left alone.
 */
export const BASE_CONFIG_SCHEMA: JsonSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "OpenClaw config (openclaw.json)",
  type: "object",
  properties: {
    plugins: {
      type: "object",
      additionalProperties: false,
      properties: {
        enabled: { type: "boolean", description: "Master toggle for every plugin (default true)." },
        allow: { ...stringList, description: "When non-empty, only these plugin ids may load." },
        deny: { ...stringList, description: "These plugin ids never load; deny always wins." },
        load: { type: "object", additionalProperties: false, properties: { paths: stringList } },
        hookTimeoutMs: {
          type: "integer",
          minimum: 1,
          description: "Budget of one hook call in ms (default 5000).",
        },
        registerTimeoutMs: {
          type: "integer",
          minimum: 1,
          description: "Budget of one register(api) in ms (default 10000).",
        },
        callBudgetsMs: {
          type: "object",
          additionalProperties: false,
          description:
            "Budget in ms of each kind of plugin call (defaults: serviceStart 30000, serviceStop 10000, method 30000, tool 60000, route 30000, legacyHook 5000, command 15000, channel 15000, discovery 5000, oauthRefresh 10000).",
          properties: Object.fromEntries(
            [
              "serviceStart",
              "serviceStop",
              "method",
              "tool",
              "route",
              "legacyHook",
              "command",
              "channel",
              "discovery",
              "oauthRefresh",
            ].map((key) => [key, { type: "integer", minimum: 1, maximum: 2_147_483_647 }]),
          ),
        },
        slots: {
          type: "object",
          additionalProperties: false,
          properties: {
            memory: { type: "string", description: 'Plugin owning memory, or "none" (default memory-core).' },
            contextEngine: {
              type: "string",
              description: 'Plugin owning the context engine (default "legacy").',
            },
          },
        },
        entries: {
          type: "object",
          additionalProperties: {
            type: "object",
            additionalProperties: false,
            properties: {
              enabled: { type: "boolean" },
              hooks: {
                type: "object",
                additionalProperties: false,
                properties: {
                  allowPromptInjection: { type: "boolean" },
                  timeoutMs: { type: "integer", minimum: 1 },
                },
              },
              subagent: SUBAGENT_POLICY_SCHEMA,
              config: { type: "object" },
            },
          },
        },
        installs: {
          type: "object",
          additionalProperties: {
            type: "object",
            required: ["source"],
            properties: {
              source: { type: "string", enum: ["npm", "archive", "path"] },
              spec: { type: "string" },
              sourcePath: { type: "string" },
              installPath: { type: "string" },
              version: { type: "string" },
              resolvedName: { type: "string" },
              resolvedVersion: { type: "string" },
              integrity: { type: "string" },
              installedAt: { type: "string" },
              plugins: { type: "array", items: { type: "string" } },
            },
          },
        },
      },
    },
    gateway: {
      type: "object",
      additionalProperties: false,
      properties: {
        port: { type: "integer", minimum: 0, maximum: 65535, description: "TCP port (default 18789)." },
        bind: { type: "string", description: "Bind address (default 127.0.0.1)." },
        handshakeTimeoutMs: {
          type: "integer",
          minimum: 100,
          maximum: 300_000,
          description: "How long a /ws client may stay unauthenticated, in ms (default 10000).",
        },
        maxUnauthenticatedConnections: {
          type: "integer",
          minimum: 1,
          maximum: 10_000,
          description: "How many /ws connections may wait to authenticate at once (default 64).",
        },
      },
    },
    approvals: {
      type: "object",
      description: "Bounds of the gateway's plugin-approval queue.",
      properties: {
        maxPending: {
          type: "integer",
          minimum: 1,
          maximum: 10_000,
          description: "Pending plugin approvals per gateway (default 64).",
        },
        maxPendingPerSession: {
          type: "integer",
          minimum: 1,
          maximum: 10_000,
          description: "Pending plugin approvals per session key (default 8).",
        },
        defaultTimeoutMs: {
          type: "integer",
          minimum: 1_000,
          maximum: 600_000,
          description: "Wait of an approval request that names no timeoutMs, in ms (default 120000).",
        },
      },
    },
    channels: { type: "object" },
  },
};

/** One UI hint: label, help, placeholder, sensitive and advanced flags. */
export type UiHint = Record<string, unknown>;

function child(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  const props = schema?.properties as Record<string, JsonSchema> | undefined;
  return props?.[key];
}

function annotate(schema: JsonSchema, hint: UiHint): void {
  if (typeof hint.label === "string") schema.title = hint.label;
  if (typeof hint.help === "string" && schema.description === undefined) schema.description = hint.help;
  if (typeof hint.placeholder === "string") schema.examples = [hint.placeholder];
  if (hint.sensitive === true) schema.writeOnly = true;
  schema["x-ui"] = hint;
}

/**
 * The JSON Schema of the whole config with every discovered plugin's `configSchema` under
 * `plugins.entries.<id>.config`, every manifest channel schema under `channels.<id>`, and the
 * manifests' `uiHints` merged in twice: as annotations on the matching schema nodes (`title`,
 * `description`, `examples`, `writeOnly`, `x-ui`) and as one `x-uiHints` map keyed by dotted config
 * path (`plugins.entries.<id>.config.<field>`), including per-plugin labels for
 * `plugins.entries.<id>`, `.enabled` and `.config`.
 */
export function buildConfigSchema(plane: ControlPlane): JsonSchema {
  const schema = structuredClone(BASE_CONFIG_SCHEMA);
  const hints: Record<string, UiHint> = {};
  const plugins = child(schema, "plugins") as JsonSchema;
  const entries = child(plugins, "entries") as JsonSchema;
  const entryProps: Record<string, JsonSchema> = {};
  const channels = child(schema, "channels") as JsonSchema;
  const channelProps: Record<string, JsonSchema> = {};
  for (const { record, manifest } of plane.plugins.values()) {
    if (!manifest) continue;
    const base = `plugins.entries.${record.id}`;
    const configSchema = structuredClone(manifest.configSchema);
    entryProps[record.id] = {
      type: "object",
      title: record.name,
      additionalProperties: false,
      properties: {
        enabled: { type: "boolean", title: `Enable ${record.name}` },
        hooks: {
          type: "object",
          properties: {
            allowPromptInjection: { type: "boolean" },
            timeoutMs: { type: "integer", minimum: 1 },
          },
        },
        subagent: structuredClone(SUBAGENT_POLICY_SCHEMA),
        config: configSchema,
      },
    };
    hints[base] = { label: record.name, ...(record.description ? { help: record.description } : {}) };
    hints[`${base}.enabled`] = { label: `Enable ${record.name}` };
    hints[`${base}.config`] = { label: `${record.name} config` };
    for (const [field, hint] of Object.entries(manifest.uiHints ?? {})) {
      if (typeof hint !== "object" || hint === null) continue;
      hints[`${base}.config.${field}`] = hint as UiHint;
      let node: JsonSchema | undefined = configSchema;
      for (const segment of field.split(".")) node = child(node, segment);
      if (node) annotate(node, hint as UiHint);
    }
    for (const [channel, channelConfig] of Object.entries(manifest.channelConfigs ?? {})) {
      channelProps[channel] = structuredClone(channelConfig.schema);
      for (const [field, hint] of Object.entries(channelConfig.uiHints ?? {})) {
        if (typeof hint === "object" && hint !== null) hints[`channels.${channel}.${field}`] = hint as UiHint;
      }
    }
  }
  entries.properties = entryProps;
  channels.properties = channelProps;
  schema["x-uiHints"] = hints;
  return schema;
}
