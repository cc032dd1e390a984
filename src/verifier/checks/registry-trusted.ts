import { getAddress } from "ethers";
import { toHex } from "../../core/bytes.ts";
import type { DecodedSeal } from "../../core/seal.ts";
import type { Check } from "../../core/verdict.ts";
import type { TrustedRegistry } from "../ports.ts";
import { makeCheck } from "./make.ts";

/**
 * REGISTRY_TRUSTED: the registry named by the seal is in this verifier's own trust list. A seal
 * naming any other registry is from an unknown issuer, however well it verifies elsewhere.
 */
export function checkRegistryTrusted(
  decoded: DecodedSeal,
  trustList: readonly TrustedRegistry[],
): { check: Check; registry: TrustedRegistry | null } {
  const ref = decoded.seal.body.registry;
  const address = getAddress(toHex(ref.address));
  const registry = trustList.find((t) => t.chainId === ref.chainId && t.address === address) ?? null;
  if (!registry) {
    return {
      check: makeCheck("REGISTRY_TRUSTED", "invalid", {
        reason: "UNKNOWN_REGISTRY",
        params: { address, chainId: ref.chainId },
      }),
      registry: null,
    };
  }
  return {
    check: makeCheck("REGISTRY_TRUSTED", "valid", {
      params: { registry: registry.name, address, chainId: ref.chainId },
    }),
    registry,
  };
}
