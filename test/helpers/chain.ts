/**
 * A fresh in-process Hardhat chain per test file (Hardhat 3 `network.create()`), with the
 * SealRegistry deployed and roles granted to distinct accounts.
 */
import { network } from "hardhat";
import { BrowserProvider, type JsonRpcSigner } from "ethers";
import { loadRegistryArtifact, type RegistryArtifact } from "../../src/chain/artifact.ts";
import { ROLES, RegistryClient, deployRegistry } from "../../src/chain/registry.ts";

export interface TestChain {
  readonly provider: BrowserProvider;
  readonly artifact: RegistryArtifact;
  readonly admin: JsonRpcSigner;
  readonly issuer: JsonRpcSigner;
  readonly revoker: JsonRpcSigner;
  readonly stranger: JsonRpcSigner;
  readonly address: string;
  /** Client signing as the admin, issuer, revoker or a stranger without roles. */
  readonly as: {
    admin: RegistryClient;
    issuer: RegistryClient;
    revoker: RegistryClient;
    stranger: RegistryClient;
  };
  close(): Promise<void>;
}

export async function createTestChain(): Promise<TestChain> {
  const connection = await network.create();
  const provider = new BrowserProvider(connection.provider, undefined, { cacheTimeout: -1 });
  const [admin, issuer, revoker, stranger] = await Promise.all(
    [0, 1, 2, 3].map((i) => provider.getSigner(i)),
  );
  if (!admin || !issuer || !revoker || !stranger) throw new Error("Hardhat gave fewer than four accounts.");
  const artifact = loadRegistryArtifact();
  const { address } = await deployRegistry(artifact, admin, admin.address);
  const as = {
    admin: new RegistryClient(address, artifact, admin),
    issuer: new RegistryClient(address, artifact, issuer),
    revoker: new RegistryClient(address, artifact, revoker),
    stranger: new RegistryClient(address, artifact, stranger),
  };
  await as.admin.grantRole(ROLES.issuer, issuer.address);
  await as.admin.grantRole(ROLES.revoker, revoker.address);
  return {
    provider,
    artifact,
    admin,
    issuer,
    revoker,
    stranger,
    address,
    as,
    close: () => connection.close(),
  };
}
