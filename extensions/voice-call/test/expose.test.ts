import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exposeWebhook } from "../src/expose.js";

describe("exposeWebhook", () => {
  it("runs tailscale funnel and reports the public URL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ts-"));
    const bin = join(dir, "tailscale");
    writeFileSync(
      bin,
      `#!/bin/sh\necho "$@" >> ${join(dir, "calls.log")}\nif [ "$1" = status ]; then echo '{"Self":{"DNSName":"gw.tail1234.ts.net."}}'; fi\n`,
    );
    chmodSync(bin, 0o755);
    const result = await exposeWebhook({
      mode: "funnel",
      path: "/voice/webhook",
      localUrl: "http://127.0.0.1:3334/voice/webhook",
      bin,
    });
    expect(result.publicUrl).toBe("https://gw.tail1234.ts.net/voice/webhook");
    expect(readFileSync(join(dir, "calls.log"), "utf8").split("\n")[0]).toBe(
      "funnel --bg --set-path /voice/webhook http://127.0.0.1:3334/voice/webhook",
    );
  });

  it("says clearly when tailscale is missing", async () => {
    await expect(
      exposeWebhook({
        mode: "serve",
        path: "/x",
        localUrl: "http://127.0.0.1:1/x",
        bin: "/nonexistent/tailscale",
      }),
    ).rejects.toMatchObject({
      code: "VOICE_CONFIG_INVALID",
      message: expect.stringContaining("not installed"),
    });
  });
});
