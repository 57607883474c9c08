import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { APPROVAL_DECISIONS, type ApprovalDecision } from "../approvals/index.js";
import type { CoreMethodContext, MethodTable } from "./context.js";
import { optionalString, requireString } from "./params.js";

/** Names of the approval methods (also in `CORE_METHOD_NAMES`). */
export const APPROVAL_METHOD_NAMES: readonly string[] = ["approvals.list", "approvals.resolve"];

function decisionOf(params: Record<string, unknown>): ApprovalDecision {
  const decision = requireString(params, "decision");
  if (!(APPROVAL_DECISIONS as readonly string[]).includes(decision)) {
    throw new OpenClawError(
      "GATEWAY_BAD_REQUEST",
      `params.decision must be one of ${APPROVAL_DECISIONS.join(", ")} (got ${JSON.stringify(decision)})`,
    );
  }
  return decision as ApprovalDecision;
}

/**
 * `approvals.list {sessionKey?}` → `{approvals: PendingApproval[]}` (oldest first), and
 * `approvals.resolve {id, decision: "allow-once" | "deny"}` → the outcome `{id, resolution, allowed,
 * resolvedAt}`. The `approvals.requested` / `approvals.resolved` events go to every `/ws` client.
 * @throws {@link OpenClawError} `GATEWAY_BAD_REQUEST`, `GATEWAY_APPROVAL_NOT_FOUND`,
 * `GATEWAY_APPROVAL_RESOLVED`.
 */
export function addApprovalMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { approvals } = ctx;
  methods.set("approvals.list", ({ params, respond }) => {
    const sessionKey = optionalString(params, "sessionKey");
    respond(true, { approvals: approvals.list(sessionKey === undefined ? {} : { sessionKey }) });
  });
  methods.set("approvals.resolve", ({ params, respond }) => {
    const id = requireString(params, "id");
    respond(true, approvals.resolve(id, decisionOf(params)));
  });
}
