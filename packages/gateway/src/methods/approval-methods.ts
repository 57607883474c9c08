import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { APPROVAL_DECISIONS, type ApprovalDecision } from "../approvals/index.js";
import type { CoreMethodContext, MethodTable } from "./context.js";
import { optionalString, requireString } from "./params.js";

/** Names of the approval methods (also in `CORE_METHOD_NAMES`). */
export const APPROVAL_METHOD_NAMES: readonly string[] = [
  "approvals.list",
  "approvals.resolve",
  "approvals.allowlist.list",
  "approvals.allowlist.remove",
];

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
 * `approvals.list {sessionKey?}` → `{approvals: PendingApproval[]}` (oldest first);
 * `approvals.resolve {id, decision: "allow-once" | "allow-always" | "deny"}` → the outcome `{id,
 * resolution, allowed, resolvedAt, allowlistEntry?}`; `approvals.allowlist.list` → `{path, entries}`;
 * `approvals.allowlist.remove {id}` → `{removed: entry}`. The `approvals.requested`,
 * `approvals.resolved`, `approvals.autoAllowed` and `approvals.allowlistChanged` events go to every
 * `/ws` client.
 * @throws {@link OpenClawError} `GATEWAY_BAD_REQUEST`, `GATEWAY_APPROVAL_NOT_FOUND`,
 * `GATEWAY_APPROVAL_RESOLVED`, `GATEWAY_APPROVAL_DECISION_UNAVAILABLE`,
 * `GATEWAY_APPROVAL_ALLOWLIST_CORRUPT`, `GATEWAY_APPROVAL_ALLOWLIST_LOCKED`,
 * `GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND`.
 */
export function addApprovalMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { approvals } = ctx;
  methods.set("approvals.list", ({ params, respond }) => {
    const sessionKey = optionalString(params, "sessionKey");
    respond(true, { approvals: approvals.list(sessionKey === undefined ? {} : { sessionKey }) });
  });
  methods.set("approvals.resolve", async ({ params, respond }) => {
    const id = requireString(params, "id");
    respond(true, await approvals.resolve(id, decisionOf(params)));
  });
  methods.set("approvals.allowlist.list", async ({ respond }) => {
    const { allowlist } = approvals;
    respond(true, { path: allowlist?.path ?? null, entries: allowlist ? await allowlist.list() : [] });
  });
  methods.set("approvals.allowlist.remove", async ({ params, respond }) => {
    respond(true, { removed: await approvals.revoke(requireString(params, "id")) });
  });
}
