// The fake model server now ships as `@openclaw/gateway/testing`; this path stays for existing tests.
export * from "../../src/testing/fake-openai.js";
