/**
 * A test plugin exposing its `api.runtime.agent` and `api.runtime.subagent` as gateway methods
 * `<id>.<name>`. Failures answer `{ error: { code, message } }` so tests can assert the code the
 * runtime threw inside the plugin.
 */
export function subagentPlugin(id: string): string {
  return `
export default (api: any) => {
  const expose = (name: string, fn: (params: any) => any) =>
    api.registerGatewayMethod("${id}." + name, async ({ params, respond }: any) => {
      try {
        respond(true, { value: await fn(params ?? {}) });
      } catch (error: any) {
        respond(true, { error: { code: error?.code, message: error?.message } });
      }
    });
  const agent = api.runtime.agent;
  const subagent = api.runtime.subagent;
  expose("pi", (p) => agent.runEmbeddedPiAgent(p));
  expose("defaults", () => ({
    provider: agent.defaults.provider,
    model: agent.defaults.model,
    timeoutMs: agent.resolveAgentTimeoutMs(),
    overridden: agent.resolveAgentTimeoutMs({ overrideMs: 5 }),
  }));
  expose("run", (p) => subagent.run(p));
  expose("wait", (p) => subagent.waitForRun(p));
  expose("messages", (p) => subagent.getSessionMessages(p));
  expose("getSession", (p) => subagent.getSession(p));
  expose("delete", async (p) => { await subagent.deleteSession(p); return "deleted"; });
  expose("crash", () => { setTimeout(() => { throw new Error("${id} crashed on purpose"); }, 0); return "scheduled"; });
};`;
}
