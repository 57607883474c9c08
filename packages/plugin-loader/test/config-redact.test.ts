import { describe, expect, it } from "vitest";
import { REDACTED, redactConfig, restoreRedacted } from "../src/control-plane/config-redact.js";
import { diffConfig } from "../src/host/config-diff.js";
import { applyConfigOps, parseConfigPath } from "../src/host/config-path.js";

const schema = {
  type: "object",
  properties: {
    plugins: {
      type: "object",
      properties: {
        entries: {
          type: "object",
          properties: {
            demo: {
              type: "object",
              properties: {
                config: {
                  type: "object",
                  properties: {
                    vault: { type: "object", writeOnly: true },
                    label: { type: "string" },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  "x-uiHints": {
    "plugins.entries.demo.config.pin": { sensitive: true },
    "plugins.entries.*.config.shared": { sensitive: true },
  },
};

describe("redactConfig", () => {
  it("hides uiHints-sensitive, writeOnly and secret-named values, and nothing else", () => {
    const config = {
      gateway: { auth: { token: "gw-token" }, maxTokens: 5 },
      plugins: {
        entries: {
          demo: {
            config: {
              pin: 1234,
              shared: "s",
              vault: { a: 1 },
              label: "visible",
              twilio: { authToken: "tw", accountSid: "AC1" },
              apiKey: "",
            },
          },
          other: { config: { shared: "t" } },
        },
      },
    };
    expect(redactConfig(config, schema)).toEqual({
      gateway: { auth: { token: REDACTED }, maxTokens: 5 },
      plugins: {
        entries: {
          demo: {
            config: {
              pin: REDACTED,
              shared: REDACTED,
              vault: REDACTED,
              label: "visible",
              twilio: { authToken: REDACTED, accountSid: "AC1" },
              apiKey: "",
            },
          },
          other: { config: { shared: REDACTED } },
        },
      },
    });
    expect(config.plugins.entries.demo.config.pin).toBe(1234);
  });

  it("puts stored secrets back where the placeholder comes back, and refuses one with nothing stored", () => {
    const current = { plugins: { entries: { demo: { config: { pin: 1234, label: "a" } } } } };
    const path = parseConfigPath("plugins.entries.demo.config");
    expect(restoreRedacted({ pin: REDACTED, label: "b" }, path, current)).toEqual({ pin: 1234, label: "b" });
    expect(() => restoreRedacted({ missing: REDACTED }, path, current)).toThrowError(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });
});

describe("diffConfig (three-way merge of a command's change onto the file as it is now)", () => {
  it("keeps keys another process added meanwhile, also under an object both created", () => {
    const base = {};
    const mine = { plugins: { installs: { a: { source: "path" } }, allow: ["x", "a"] } };
    const theirs = { plugins: { installs: { b: { source: "path" } }, allow: ["x"] } };
    const merged = applyConfigOps(theirs, diffConfig(base, mine));
    expect(merged).toEqual({
      plugins: { installs: { a: { source: "path" }, b: { source: "path" } }, allow: ["x", "a"] },
    });
  });

  it("appends to a list without duplicating an element another process appended", () => {
    const base = { plugins: { allow: ["x"] } };
    const merged = applyConfigOps(
      { plugins: { allow: ["x", "a", "b"] } },
      diffConfig(base, { plugins: { allow: ["x", "a"] } }),
    );
    expect(merged.plugins.allow).toEqual(["x", "a", "b"]);
  });

  it("refuses prototype keys in dotted paths", () => {
    for (const path of ["__proto__.x", "a.constructor", "a..b", ""]) {
      expect(() => parseConfigPath(path)).toThrowError(
        expect.objectContaining({ code: "CONFIG_PATH_INVALID" }),
      );
    }
    expect(parseConfigPath('plugins.entries["my.plugin"].enabled')).toEqual([
      "plugins",
      "entries",
      "my.plugin",
      "enabled",
    ]);
  });
});

describe("plugin ids as config keys", () => {
  it("enables and disables a plugin whose id is __proto__ as an own key, and writes it", async () => {
    const { withPluginEnabled } = await import("../src/host/config-edit.js");
    const { editConfigText } = await import("../src/host/config-text.js");
    const JSON5 = (await import("json5")).default;
    const text = '{\n  // mine\n  "plugins": { "entries": {} }\n}\n';
    const current = JSON5.parse(text);
    const next = withPluginEnabled(current, "__proto__", false);
    expect(Object.hasOwn(next.plugins?.entries ?? {}, "__proto__")).toBe(true);
    const edit = editConfigText(text, current, diffConfig(current, next));
    const written = JSON5.parse(edit.text);
    expect(Object.hasOwn(written.plugins.entries, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(written.plugins.entries, "__proto__")?.value).toEqual({
      enabled: false,
    });
    expect(edit.text).toContain("// mine");
  });
});
