import { AGENT_METHOD_NAMES, addAgentMethods } from "./methods/agent-methods.js";
import { APPROVAL_METHOD_NAMES, addApprovalMethods } from "./methods/approval-methods.js";
import { addBasicMethods } from "./methods/basic-methods.js";
import { addCapabilityMethods } from "./methods/capability-methods.js";
import { addConfigMethods } from "./methods/config-methods.js";
import type { CoreMethodContext, MethodTable } from "./methods/context.js";
import { addHookMethods } from "./methods/hook-methods.js";
import { PLUGIN_ADMIN_METHOD_NAMES } from "./methods/plugin-admin-methods.js";

export type { CoreMethodContext } from "./methods/context.js";

/** Names of the methods core serves; plugins cannot register these. */
export const CORE_METHOD_NAMES: readonly string[] = [
  "health",
  "gateway.methods",
  "plugins.status",
  "plugins.reload",
  "tools.list",
  "tools.invoke",
  "commands.list",
  "commands.dispatch",
  "config.schema",
  "config.validate",
  "config.get",
  "config.patch",
  "hooks.list",
  "hooks.run",
  "hooks.emit",
  "agent.prepare",
  "channels.list",
  "channels.status",
  "channels.send",
  "providers.list",
  "providers.discover",
  "contextEngine.info",
  ...PLUGIN_ADMIN_METHOD_NAMES,
  ...AGENT_METHOD_NAMES,
  ...APPROVAL_METHOD_NAMES,
];

/** Builds every core RPC method over the gateway's registry. */
export function createCoreMethods(ctx: CoreMethodContext): MethodTable {
  const methods: MethodTable = new Map();
  addBasicMethods(methods, ctx, CORE_METHOD_NAMES);
  addHookMethods(methods, ctx);
  addCapabilityMethods(methods, ctx);
  addConfigMethods(methods, ctx);
  addAgentMethods(methods, ctx);
  addApprovalMethods(methods, ctx);
  return methods;
}
