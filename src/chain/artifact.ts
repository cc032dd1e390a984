/**
 * The compiled SealRegistry (ABI and bytecode) as `hardhat build` writes it. The service reads
 * the build output instead of a committed copy, so the ABI can never drift from the source.
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { InterfaceAbi } from "ethers";
import { SceauError } from "../core/errors.ts";

export interface RegistryArtifact {
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
}

const DEFAULT_ARTIFACT_PATH = fileURLToPath(
  new URL("../../artifacts/contracts/SealRegistry.sol/SealRegistry.json", import.meta.url),
);

const TIMELOCK_ARTIFACT_PATH = fileURLToPath(
  new URL("../../artifacts/contracts/SealTimelock.sol/SealTimelock.json", import.meta.url),
);

/**
 * The compiled SealTimelock (OpenZeppelin's TimelockController), the registry's withdrawer.
 * @throws {SceauError} `CONFIG_INVALID` when the contracts were not built
 */
export function loadTimelockArtifact(): RegistryArtifact {
  return loadRegistryArtifact(TIMELOCK_ARTIFACT_PATH);
}

let cached: RegistryArtifact | undefined;

/**
 * @throws {SceauError} `CONFIG_INVALID` when the contracts were not built
 */
export function loadRegistryArtifact(path: string = DEFAULT_ARTIFACT_PATH): RegistryArtifact {
  if (cached && path === DEFAULT_ARTIFACT_PATH) return cached;
  let json: { abi?: InterfaceAbi; bytecode?: string };
  try {
    json = JSON.parse(readFileSync(path, "utf8")) as typeof json;
  } catch (cause) {
    throw new SceauError(
      "CONFIG_INVALID",
      `Cannot read the compiled registry at ${path}: run \`npx hardhat build\`.`,
      {
        cause,
      },
    );
  }
  if (!json.abi || typeof json.bytecode !== "string") {
    throw new SceauError("CONFIG_INVALID", `${path} is not a Hardhat artifact.`);
  }
  const artifact = { abi: json.abi, bytecode: json.bytecode };
  if (path === DEFAULT_ARTIFACT_PATH) cached = artifact;
  return artifact;
}
