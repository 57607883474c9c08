export { listMemoryFiles, type MemoryFile, resolveMemoryPath } from "./memory-files.js";
export { chunkMarkdown, type MemoryChunk, type MemoryHit, MemoryIndex } from "./memory-index.js";
export { default, type MemoryCoreConfig, resolveMemoryWorkspace } from "./plugin.js";
export { createMemoryGetTool, createMemorySearchTool } from "./tools.js";
