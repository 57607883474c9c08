/**
 * `@openclaw/plugin-sdk/testing` (also `openclaw/plugin-sdk/testing`): a fake `api` that records a
 * plugin's registrations and drives them (gateway methods, tools, hooks, commands, services, CLI,
 * HTTP routes) without a gateway.
 * @packageDocumentation
 */
export type {
  RecordedDiagnostic,
  RecordedLegacyHook,
  RecordedRegistrations,
  RecordedTypedHook,
  RegistrationNames,
} from "./recorded-registrations.js";
export { createRecordingApi, type TestApiOptions, type TestLogLine } from "./test-api.js";
export type { CliRun, RecordedGatewayCall, RunCliOptions } from "./test-cli.js";
export { createTestApi, TEST_GATEWAY_TOKEN, type TestHarness } from "./test-harness.js";
export type { InjectRequest, InjectResponse } from "./test-http.js";
export type { GatewayAnswer } from "./test-invoke.js";
