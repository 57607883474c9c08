import { describe, expect, it } from "vitest";
import { analyze } from "../src/form/analyze.js";
import { anchorIssues } from "../src/form/anchor.js";
import { fallbackLabel, hintForPath } from "../src/form/hints.js";
import { REDACTED } from "../src/form/schema.js";
import { validateValue } from "../src/form/validate.js";
import { diffValues, getAt, setAt } from "../src/form/values.js";

const voiceSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    enabled: { type: "boolean" },
    config: {
      type: "object",
      additionalProperties: false,
      properties: {
        fromNumber: { type: "string", pattern: "^\\+[1-9]\\d{1,14}$" },
        maxConcurrentCalls: { type: "integer", minimum: 1 },
        publicUrl: { type: "string", format: "uri" },
        twilio: {
          type: "object",
          properties: { authToken: { type: "string", minLength: 1, pattern: "^[a-z]+$", writeOnly: true } },
        },
        extra: { type: "object" },
      },
    },
  },
};

describe("analyze", () => {
  it("maps enums, literal unions, nullable scalars, lists and string maps to form controls", () => {
    expect(analyze({ type: "string", enum: ["a", "b"] })).toEqual({ kind: "enum", options: ["a", "b"] });
    expect(analyze({ anyOf: [{ const: "x" }, { const: "y" }, { type: "null" }] })).toEqual({
      kind: "enum",
      options: ["x", "y"],
    });
    expect(analyze({ type: ["integer", "null"] })).toEqual({ kind: "number", integer: true });
    expect(analyze({ type: "string", format: "uri" })).toEqual({ kind: "string", format: "uri" });
    expect(analyze({ type: "array", items: { type: "string" } })).toMatchObject({
      kind: "list",
      item: { kind: "string" },
    });
    expect(analyze({ type: "object", additionalProperties: { type: "string" } })).toMatchObject({
      kind: "map",
    });
  });

  it("sends what it cannot render to the raw JSON editor, saying why", () => {
    expect(analyze({ allOf: [{ type: "string" }] })).toEqual({ kind: "raw", reason: "allOf" });
    expect(analyze({ anyOf: [{ type: "string" }, { type: "number" }] })).toEqual({
      kind: "raw",
      reason: "union",
    });
    expect(analyze({ type: "array" })).toEqual({ kind: "raw", reason: "array without items" });
    expect(analyze({ type: "object" })).toEqual({ kind: "raw", reason: "object without properties" });
    expect(analyze({ type: "object", additionalProperties: true })).toMatchObject({ kind: "raw" });
    // A plugin that declares it has no settings is an (empty) group, not a JSON editor.
    expect(analyze({ type: "object", additionalProperties: false, properties: {} })).toEqual({
      kind: "object",
    });
  });
});

describe("hints", () => {
  it("prefers an exact dotted path, then a * wildcard, over the node's own x-ui", () => {
    const hints = {
      "plugins.entries.voice-call.config.fromNumber": { label: "From Number" },
      "plugins.entries.*.enabled": { label: "Enabled" },
    };
    const node = { "x-ui": { label: "own", help: "own help" } };
    expect(hintForPath(hints, ["plugins", "entries", "voice-call", "config", "fromNumber"], node)).toEqual({
      label: "From Number",
      help: "own help",
    });
    expect(hintForPath(hints, ["plugins", "entries", "zalo", "enabled"])).toEqual({ label: "Enabled" });
    expect(hintForPath(hints, ["plugins", "entries", "zalo", "config"], node)).toEqual(node["x-ui"]);
  });

  it("labels a field without a hint from its title or its camelCase key", () => {
    expect(fallbackLabel("maxConcurrentCalls", {})).toBe("Max concurrent calls");
    expect(fallbackLabel("x", { title: "Titled" })).toBe("Titled");
  });
});

describe("values and patch operations", () => {
  it("sets and removes nested values without touching the original", () => {
    const base = { config: { a: 1, nested: { b: 2 } } };
    const next = setAt(base, ["config", "nested", "b"], undefined);
    expect(next).toEqual({ config: { a: 1 } });
    expect(base.config.nested.b).toBe(2);
    expect(getAt(setAt({}, ["x", "y"], [1]), ["x", "y", "0"])).toBe(1);
  });

  it("diffs a draft into dotted set/unset operations, never sending an untouched secret", () => {
    const base = {
      config: { fromNumber: "+1555", twilio: { authToken: REDACTED, accountSid: "AC1" }, allow: ["a"] },
    };
    const draft = {
      config: { toNumber: "+1666", twilio: { authToken: REDACTED, accountSid: "AC2" }, allow: ["a", "b"] },
    };
    expect(diffValues(base, draft, ["plugins", "entries", "voice-call"])).toEqual({
      set: [
        { path: "plugins.entries.voice-call.config.twilio.accountSid", value: "AC2" },
        { path: "plugins.entries.voice-call.config.allow", value: ["a", "b"] },
        { path: "plugins.entries.voice-call.config.toNumber", value: "+1666" },
      ],
      unset: ["plugins.entries.voice-call.config.fromNumber"],
    });
    expect(diffValues(base, structuredClone(base), ["p"])).toEqual({ set: [], unset: [] });
  });
});

describe("validateValue", () => {
  it("reports every leaf problem by dotted path with a readable message", () => {
    const issues = validateValue(voiceSchema, {
      config: { fromNumber: "555", maxConcurrentCalls: 0, publicUrl: "not a url", bogus: true },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: "config.fromNumber", message: "must match ^\\+[1-9]\\d{1,14}$" },
        { path: "config.maxConcurrentCalls", message: "must be at least 1" },
        { path: "config.publicUrl", message: "must be a valid uri" },
        { path: "config.bogus", message: "is not a setting this schema allows" },
      ]),
    );
    expect(issues).toHaveLength(4);
    expect(validateValue(voiceSchema, { enabled: true, config: { fromNumber: "+15550001234" } })).toEqual([]);
  });

  it("skips a redacted secret (the real value is on the server)", () => {
    expect(validateValue(voiceSchema, { config: { twilio: { authToken: REDACTED } } })).toEqual([]);
    expect(validateValue(voiceSchema, { config: { twilio: { authToken: "" } } }).map((i) => i.path)).toEqual([
      "config.twilio.authToken",
      "config.twilio.authToken",
    ]);
  });

  it("anchors problems inside raw JSON values and unknown keys at the nearest rendered field", () => {
    expect(
      anchorIssues(voiceSchema, [
        { path: "config.extra.deep.key", message: "must be string" },
        { path: "config.bogus", message: "is not a setting this schema allows" },
      ]),
    ).toEqual([
      { path: "config.extra", message: "deep.key: must be string" },
      { path: "config", message: "bogus: is not a setting this schema allows" },
    ]);
  });
});

describe("client validation agrees with the gateway's (ajv)", () => {
  it("flags the same paths as the loader's ajv validator for the Voice Call manifest schema", async () => {
    const { validateWithSchema } = await import("@openclaw/plugin-loader");
    const { readFileSync } = await import("node:fs");
    const manifest = JSON.parse(
      readFileSync(new URL("../../../extensions/voice-call/openclaw.plugin.json", import.meta.url), "utf8"),
    ) as { configSchema: Record<string, unknown> };
    const samples: unknown[] = [
      { provider: "mock", fromNumber: "+15550001234" },
      { provider: "carrier-pigeon", fromNumber: "555", maxConcurrentCalls: 0 },
      { serve: { port: 70000, path: "" }, publicUrl: "::not a url", allowFrom: ["+1", "+15550001234"] },
      { outbound: { defaultMode: "shout", notifyHangupDelaySec: -1 }, twilio: { authToken: "" }, bogus: 1 },
      { mock: { answerDelayMs: 1.5 }, inboundPolicy: "open", enabled: "yes" },
    ];
    for (const sample of samples) {
      const server = validateWithSchema(manifest.configSchema, sample);
      const serverPaths = server.ok ? [] : [...new Set(server.issues.map((i) => i.path))].sort();
      const clientPaths = [
        ...new Set(validateValue(manifest.configSchema, sample).map((i) => i.path)),
      ].sort();
      expect(clientPaths, JSON.stringify(sample)).toEqual(serverPaths);
    }
  });
});

describe("setAt inside arrays", () => {
  it("sets and removes array elements by index, keeping arrays arrays", () => {
    const base = { allow: ["a", "b"], rows: [{ x: 1 }] };
    expect(setAt(base, ["allow", "1"], "c")).toEqual({ allow: ["a", "c"], rows: [{ x: 1 }] });
    expect(setAt(base, ["allow", "0"], undefined)).toEqual({ allow: ["b"], rows: [{ x: 1 }] });
    expect(setAt(base, ["rows", "0", "x"], 2)).toEqual({ allow: ["a", "b"], rows: [{ x: 2 }] });
    expect(base.allow).toEqual(["a", "b"]);
  });
});
