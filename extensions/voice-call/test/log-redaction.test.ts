import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHostLogger, toPluginLogger } from "@openclaw/plugin-loader";
import { describe, expect, it } from "vitest";

describe("log redaction", () => {
  it("never writes carrier secrets to the log", () => {
    const file = join(mkdtempSync(join(tmpdir(), "logs-")), "out.log");
    const logger = toPluginLogger(createHostLogger({ level: "info", fd: openSync(file, "w") }));
    logger.info("config", {
      twilio: { accountSid: "AC1", authToken: "TWILIO-SECRET" },
      telnyx: { apiKey: "TELNYX-SECRET" },
      token: "GW-SECRET",
    });
    const text = readFileSync(file, "utf8");
    for (const secret of ["TWILIO-SECRET", "TELNYX-SECRET", "GW-SECRET"]) expect(text).not.toContain(secret);
    expect(text).toContain("[redacted]");
  });
});
