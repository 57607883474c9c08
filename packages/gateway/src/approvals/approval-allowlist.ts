import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { type AllowlistEntry, allowlistEntryId, readAllowlist, updateAllowlist } from "./allowlist-file.js";

/** Shortest id prefix `remove` accepts in place of the whole entry id. */
const MIN_ENTRY_PREFIX = 6;

/** What an `allow-always` decision records. */
export interface AllowlistGrant {
  pluginId: string;
  toolName: string;
  allowAlwaysKey: string | null;
  title: string;
  approvalId: string;
  sessionKey: string | null;
}

/**
 * The persistent plugin-approval allowlist (`<state dir>/approvals/allowlist.json`). An entry is
 * keyed by plugin id + tool name + the plugin's `allowAlwaysKey` and matches only requests with the
 * exact same three (a request without a key matches only the keyless entry). The file is read on
 * every lookup, so an entry added or revoked by another gateway or CLI on the same state dir takes
 * effect at the next request; every change is a locked read-modify-write.
 */
export class ApprovalAllowlist {
  constructor(readonly path: string) {}

  /**
   * Every entry, oldest first.
   * @throws {@link OpenClawError} `GATEWAY_APPROVAL_ALLOWLIST_CORRUPT`.
   */
  list(): Promise<AllowlistEntry[]> {
    return readAllowlist(this.path);
  }

  /**
   * The entry allowing this request, if any.
   * @throws {@link OpenClawError} `GATEWAY_APPROVAL_ALLOWLIST_CORRUPT`.
   */
  async find(
    pluginId: string,
    toolName: string,
    allowAlwaysKey: string | null,
  ): Promise<AllowlistEntry | undefined> {
    const id = allowlistEntryId(pluginId, toolName, allowAlwaysKey);
    return (await readAllowlist(this.path)).find(
      (e) =>
        e.id === id &&
        e.pluginId === pluginId &&
        e.toolName === toolName &&
        e.allowAlwaysKey === allowAlwaysKey,
    );
  }

  /**
   * Records a grant; an existing entry with the same key is kept as it is (`created: false`).
   * @throws {@link OpenClawError} `GATEWAY_APPROVAL_ALLOWLIST_CORRUPT`, `GATEWAY_APPROVAL_ALLOWLIST_LOCKED`.
   */
  add(grant: AllowlistGrant): Promise<{ entry: AllowlistEntry; created: boolean }> {
    const id = allowlistEntryId(grant.pluginId, grant.toolName, grant.allowAlwaysKey);
    return updateAllowlist<{ entry: AllowlistEntry; created: boolean }>(this.path, (entries) => {
      const existing = entries.find((e) => e.id === id);
      if (existing) return { result: { entry: existing, created: false } };
      const entry: AllowlistEntry = { id, ...grant, createdAt: new Date().toISOString() };
      return { entries: [...entries, entry], result: { entry, created: true } };
    });
  }

  /**
   * Revokes one entry (by id, or a unique prefix of at least 6 characters) and returns it.
   * @throws {@link OpenClawError} `GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND`,
   * `GATEWAY_APPROVAL_ALLOWLIST_CORRUPT`, `GATEWAY_APPROVAL_ALLOWLIST_LOCKED`.
   */
  remove(idOrPrefix: string): Promise<AllowlistEntry> {
    const wanted = idOrPrefix.trim();
    return updateAllowlist(this.path, (entries) => {
      const exact = entries.find((e) => e.id === wanted);
      const matches =
        exact || wanted.length < MIN_ENTRY_PREFIX ? [exact] : entries.filter((e) => e.id.startsWith(wanted));
      const entry = matches.length === 1 ? matches[0] : undefined;
      if (!entry) {
        throw new OpenClawError(
          "GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND",
          `no approvals allowlist entry with id ${JSON.stringify(wanted)}${matches.length > 1 ? ` (${matches.length} entries start with it)` : ""}`,
        );
      }
      return { entries: entries.filter((e) => e !== entry), result: entry };
    });
  }
}
