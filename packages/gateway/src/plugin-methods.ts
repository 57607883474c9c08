import type { GatewayMethodRegistration, PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, type GatewayRequestHandler, OpenClawError } from "@openclaw/plugin-sdk/core";
import { callPlugin, type PluginCallOptions } from "./plugin-calls.js";

type HandlerArgs = Parameters<GatewayRequestHandler>[0];

function serialisationProblem(payload: unknown): string | undefined {
  try {
    JSON.stringify(payload);
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

/**
 * Runs a plugin's RPC method within the `method` budget (default 30 000 ms): it resolves as soon as
 * the handler responds (a handler that answers and then never settles does not hold the caller), and
 * rejects with `PLUGIN_CALL_TIMEOUT` naming plugin and method when it neither responds nor settles in
 * time. A payload that cannot be serialised to JSON (a cycle, a BigInt) is answered as
 * `GATEWAY_PAYLOAD_UNSERIALIZABLE` naming plugin and method, before it reaches any transport.
 */
export async function runPluginMethod(
  registry: PluginRegistry,
  registration: GatewayMethodRegistration,
  args: HandlerArgs,
  options: PluginCallOptions = {},
): Promise<void> {
  let responded!: () => void;
  const answered = new Promise<void>((resolve) => {
    responded = resolve;
  });
  const respond: HandlerArgs["respond"] = (ok, payload, error) => {
    const problem = ok ? serialisationProblem(payload) : undefined;
    if (problem !== undefined) {
      args.respond(
        false,
        undefined,
        new OpenClawError(
          "GATEWAY_PAYLOAD_UNSERIALIZABLE",
          `plugin ${registration.pluginId} method ${registration.method} answered with a payload that is not JSON-serialisable: ${problem}`,
        ),
      );
    } else args.respond(ok, payload, error);
    responded();
  };
  const call = callPlugin(
    registry,
    { pluginId: registration.pluginId, call: "method", name: registration.method },
    () => registration.handler({ ...args, respond }),
    options,
  );
  // Settled first by the handler (or its budget), or by an early answer; a later rejection of a
  // call that already answered is ignored.
  call.catch(() => undefined);
  await Promise.race([call, answered]);
}
