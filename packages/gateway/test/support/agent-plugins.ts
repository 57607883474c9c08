/** Test plugins for the agent runtime: a toolbox (tools + a channel) and a policy plugin (hooks). */
export const TOOLBOX = `
const executed: string[] = [];
const outbox: string[] = [];
export default (api: any) => {
  api.registerTool({ name: "echo_tool", description: "Echoes its params", parameters: { type: "object", properties: { x: { type: "number" } } },
    execute: async (_id: string, params: any) => { executed.push("echo_tool"); return { content: [{ type: "text", text: JSON.stringify(params) }] }; } });
  api.registerTool({ name: "danger_tool", description: "Must never run", parameters: { type: "object", properties: {} },
    execute: async () => { executed.push("danger_tool"); return { content: [{ type: "text", text: "boom" }] }; } });
  api.registerTool({ name: "fail_tool", description: "Guarded by a failing hook", parameters: { type: "object", properties: {} },
    execute: async () => { executed.push("fail_tool"); return { content: [{ type: "text", text: "ran" }] }; } });
  api.registerTool({ name: "throw_tool", description: "Throws", parameters: { type: "object", properties: {} },
    execute: async () => { throw new Error("kaput"); } });
  api.registerTool({ name: "hang_tool", description: "Never settles", parameters: { type: "object", properties: {} },
    execute: () => new Promise(() => {}) });
  api.registerChannel({ plugin: {
    id: "outbox", meta: { id: "outbox", label: "Outbox" }, capabilities: { chatTypes: ["direct"] },
    config: { listAccountIds: () => ["default"], resolveAccount: () => ({}) },
    outbound: { deliveryMode: "direct", sendText: async ({ to, text }: any) => { outbox.push(to + ":" + text); return { ok: true, messageId: String(outbox.length) }; } },
  } });
  api.registerGatewayMethod("toolbox.state", ({ respond }: any) => respond(true, { executed, outbox }));
};`;

export const POLICY = `
const seen: Record<string, any[]> = {};
const note = (name: string) => (event: any, ctx: any) => { (seen[name] ??= []).push({ event, ctx }); };
export default (api: any) => {
  api.on("before_prompt_build", () => ({ prependSystemContext: "POLICY: be polite.", prependContext: "[ctx]" }));
  api.on("before_tool_call", (event: any) => {
    note("before_tool_call")(event, {});
    if (event.toolName === "danger_tool") return { block: true, blockReason: "danger is off limits" };
    if (event.toolName === "echo_tool") return { params: { ...event.params, rewritten: true } };
  }, { priority: 10 });
  api.on("before_tool_call", (event: any) => { if (event.toolName === "fail_tool") throw new Error("policy engine down"); });
  for (const name of ["llm_input", "llm_output", "agent_end", "after_tool_call", "message_sent"]) api.on(name, note(name));
  api.on("message_sending", (event: any) => event.content.includes("secret") ? { cancel: true } : { content: event.content.toUpperCase() });
  api.registerGatewayMethod("policy.seen", ({ respond }: any) => respond(true, seen));
  api.registerGatewayMethod("policy.complete", async ({ params, respond }: any) => respond(true, await api.runtime.llm.complete(params)));
  api.registerGatewayMethod("policy.embedded", async ({ params, respond }: any) => {
    const deltas: string[] = [];
    const result = await api.runtime.agent.runEmbeddedAgent({ ...params, onTextDelta: (t: string) => deltas.push(t) });
    respond(true, { result, deltas });
  });
};`;
