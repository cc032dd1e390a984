/**
 * The repository's root directory, for code that starts child processes or reads files by their
 * path in the repository (the local chain, the tests, the benchmarks). It imports nothing of ours,
 * so a test that only needs the path does not load the whole service.
 * @module
 */
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
