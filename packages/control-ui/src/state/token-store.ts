const KEY = "openclaw.gatewayToken";

/**
 * The gateway token for this browser tab. Kept in sessionStorage, so it is gone when the tab closes
 * and never appears in a URL, a history entry or a request log.
 */
export const tokenStore = {
  get(): string | undefined {
    return sessionStorage.getItem(KEY) ?? undefined;
  },
  set(token: string): void {
    sessionStorage.setItem(KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
