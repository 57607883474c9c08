import { emptyRegistrationSummary, PluginRegistry } from "@openclaw/plugin-registry";

/** A registry holding one loaded, enabled plugin record (no registrations yet) per id, in order. */
export function registryWithPlugins(...ids: string[]): PluginRegistry {
  const registry = new PluginRegistry();
  for (const id of ids) {
    registry.addPlugin({
      id,
      name: id,
      origin: "global",
      source: "",
      rootDir: "",
      activation: { enabled: true, source: "default", reason: "" },
      status: "loaded",
      channels: [],
      providers: [],
      registrations: emptyRegistrationSummary(),
      diagnostics: [],
    });
  }
  return registry;
}
