import { readdirSync, readFileSync } from "node:fs";
import { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CallManager } from "../src/index.js";
import { startTestRuntime } from "./test-runtime.js";

const src = fileURLToPath(new URL("../src/", import.meta.url));

function importsOf(folder: string): Array<[string, string]> {
  return readdirSync(join(src, folder))
    .filter((f) => f.endsWith(".ts"))
    .flatMap((file) =>
      [...readFileSync(join(src, folder, file), "utf8").matchAll(/from "([^"]+)"/g)].map(
        (m) => [`${folder}/${file}`, m[1] as string] as [string, string],
      ),
    );
}

describe("Voice Call module layering", () => {
  it("providers/ and verification/ never import webhook/ (one direction: webhook -> providers -> verification)", () => {
    const upward = [...importsOf("providers"), ...importsOf("verification")].filter(([, spec]) =>
      spec.includes("/webhook/"),
    );
    expect(upward).toEqual([]);
    const verificationToProviders = importsOf("verification").filter(([, spec]) =>
      spec.includes("/providers/"),
    );
    expect(verificationToProviders).toEqual([]);
  });
});

describe("runtime start order", () => {
  afterEach(() => vi.restoreAllMocks());

  it("the webhook server listens only after the call manager is attached and restored", async () => {
    const order: string[] = [];
    const restore = CallManager.prototype.restore;
    vi.spyOn(CallManager.prototype, "restore").mockImplementation(async function (this: CallManager, calls) {
      order.push("restore:start");
      const active = await restore.call(this, calls);
      order.push("restore:done");
      return active;
    });
    const listen = Server.prototype.listen;
    vi.spyOn(Server.prototype, "listen").mockImplementation(function (this: Server, ...args: unknown[]) {
      order.push("listen");
      return listen.apply(this, args as never);
    });
    const runtime = await startTestRuntime({});
    await runtime.stop();
    expect(order).toEqual(["restore:start", "restore:done", "listen"]);
  });
});
