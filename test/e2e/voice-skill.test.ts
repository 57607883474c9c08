import { afterAll, describe, expect, it } from "vitest";
import { createVoiceCallHome, json, openclaw } from "./helpers.js";

const home = createVoiceCallHome({ provider: "mock", fromNumber: "+15550000000" });
afterAll(() => home.cleanup());

describe("Voice Call's skill (seed 001: skills/voice-call)", () => {
  it("is discovered from the manifest's skills directory when the plugin is enabled", async () => {
    const result = await openclaw(home, ["skills", "list", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const listed = json<{ skills: Array<{ name: string; source: string; pluginId?: string }> }>(result);
    expect(listed.skills).toContainEqual(
      expect.objectContaining({ name: "voice-call", source: "plugin", pluginId: "voice-call" }),
    );
  });
});
