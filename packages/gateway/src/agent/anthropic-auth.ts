/**
 * `anthropic-beta` flags upstream OpenClaw (its pi-ai Anthropic client) sends with a Bearer
 * credential: `oauth-2025-04-20` lets the Messages API accept an OAuth access token or a
 * `claude setup-token` token as `Authorization: Bearer` (without it the API answers 401 "OAuth
 * authentication is currently not supported"), `claude-code-20250219` is the flag Anthropic's
 * subscription tokens are issued for.
 */
export const ANTHROPIC_OAUTH_BETAS: readonly string[] = ["claude-code-20250219", "oauth-2025-04-20"];

/**
 * The `@ai-sdk/anthropic` settings for a credential: an API key goes as `x-api-key` (`apiKey`), a
 * bearer token as `Authorization: Bearer` (`authToken`) with {@link ANTHROPIC_OAUTH_BETAS} added to
 * the provider's own `anthropic-beta` header (merged, whatever its case, never duplicated).
 */
export function anthropicAuthSettings(credential: {
  apiKey?: string;
  authToken?: string;
  headers: Record<string, string>;
}): { apiKey?: string; authToken?: string; headers: Record<string, string> } {
  if (!credential.authToken) return { apiKey: credential.apiKey ?? "", headers: credential.headers };
  const headers: Record<string, string> = {};
  const betas = new Set<string>();
  for (const [name, value] of Object.entries(credential.headers)) {
    if (name.toLowerCase() !== "anthropic-beta") headers[name] = value;
    else for (const beta of value.split(",")) if (beta.trim() !== "") betas.add(beta.trim());
  }
  for (const beta of ANTHROPIC_OAUTH_BETAS) betas.add(beta);
  headers["anthropic-beta"] = [...betas].join(",");
  return { authToken: credential.authToken, headers };
}
