/**
 * The local development chain's accounts: Hardhat's publicly known development keys and where
 * their first deployment lands. Only the configuration's defaults for a local chain (no RPC URL
 * configured) and the tests use them; a configured RPC URL requires keys of its own.
 * @module
 */
import { getCreateAddress, Wallet } from "ethers";

/**
 * Hardhat's publicly known development accounts #0–#2 (mnemonic "test test … junk"). They are
 * used only against the local development chain, never when an RPC URL is configured.
 */
export const DEV_KEYS = {
  admin: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  issuer: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  revoker: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
} as const;

/** Where the development admin's first deployment lands on a fresh chain. */
export function devRegistryAddress(): string {
  return getCreateAddress({ from: new Wallet(DEV_KEYS.admin).address, nonce: 0 });
}
