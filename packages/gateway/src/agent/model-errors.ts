import { errorMessage, isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import { APICallError, RetryError } from "ai";

/** Maps a transport error from the AI SDK to `AGENT_PROVIDER_ERROR` (keeps coded errors as they are). */
export function toProviderError(error: unknown, providerId: string): OpenClawError {
  if (isOpenClawError(error)) return error;
  const inner = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(inner)) {
    const status = inner.statusCode;
    const body = (inner.responseBody ?? "").slice(0, 300);
    return new OpenClawError(
      "AGENT_PROVIDER_ERROR",
      status === undefined
        ? `model provider "${providerId}" could not be reached: ${inner.message}`
        : `model provider "${providerId}" answered HTTP ${status}${body ? `: ${body}` : ""}`,
      {
        cause: inner,
        hint:
          status === 401 || status === 403
            ? `Check the API key of models.providers.${providerId} (or run \`openclaw models auth login --provider ${providerId}\`).`
            : `Check models.providers.${providerId}.baseUrl and that the server is up.`,
        details: { provider: providerId, ...(status === undefined ? {} : { status }) },
      },
    );
  }
  return new OpenClawError(
    "AGENT_PROVIDER_ERROR",
    `model provider "${providerId}" failed: ${errorMessage(inner)}`,
    {
      cause: inner,
      hint: `Check models.providers.${providerId} and that the server is up.`,
      details: { provider: providerId },
    },
  );
}
