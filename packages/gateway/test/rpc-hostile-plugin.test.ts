// biome-ignore-all lint/suspicious/noExplicitAny: RPC payloads are untyped JSON in this test
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PluginGateway, startPluginGateway } from "./support/plugin-gateway.js";

/** Methods that throw, reject with, or answer a Proxy whose every trap throws. */
const TRAPPED = `
const trap = () => new Proxy({}, {
  get() { throw new Error("get trap"); },
  getPrototypeOf() { throw new Error("prototype trap"); },
});
export default (api: any) => {
  api.registerGatewayMethod("trapped.throw", () => { throw trap(); });
  api.registerGatewayMethod("trapped.reject", async () => { throw trap(); });
  api.registerGatewayMethod("trapped.respond", ({ respond }: any) => respond(false, trap()));
};`;

let t: PluginGateway;

beforeAll(async () => {
  t = await startPluginGateway({
    plugins: [{ id: "trapped", source: TRAPPED }],
    config: (baseUrl) => ({
      models: {
        providers: { fake: { baseUrl, api: "openai-completions", apiKey: "k", models: [{ id: "m1" }] } },
      },
    }),
  });
});

afterAll(() => t?.close());

describe("a plugin RPC method failing with a hostile value", () => {
  it("is GATEWAY_METHOD_FAILED naming the method, not the gateway's internal error, and the gateway keeps serving", async () => {
    for (const method of ["trapped.throw", "trapped.reject", "trapped.respond"]) {
      const error = await t.rpc(method).catch((e: any) => e);
      expect(error).toMatchObject({ code: "GATEWAY_METHOD_FAILED" });
      expect(String(error.message)).toContain("trapped.");
    }
    expect((await fetch(`${t.gateway.url}/health`)).status).toBe(200);
  });
});
