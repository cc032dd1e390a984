/**
 * Gas per extract, from the receipts of real transactions on a fresh in-process Hardhat chain
 * (EDR, the compiled SealRegistry: solc optimizer 10,000 runs, EVM prague):
 *
 * - batched: one `anchor(root)` per batch of N extracts (N = 1, 16, 256, 1,024), the root of the
 *   Merkle tree of N real seals; gas per extract = the transaction's gas / N;
 * - on its own: every extract's leaf anchored by its own `anchor(leaf)` transaction, as a
 *   registry without batching would do;
 * - the service's defaults: batches of 64 and up to 32 roots per `anchorRoots` transaction.
 *
 * Gas is deterministic; each batched figure is still the median of several batches.
 */
import { BrowserProvider } from "ethers";
import { network } from "hardhat";
import type { BenchModule, Row } from "../scripts/bench.ts";
import { loadRegistryArtifact } from "../src/chain/artifact.ts";
import { ROLES, RegistryClient, deployRegistry } from "../src/chain/registry.ts";
import { buildTree, leafHash } from "../src/core/merkle.ts";
import { createRandomSource } from "../src/random.ts";
import { median } from "./_stats.ts";

const TARGET_AT_256 = 200;
const SIZES = [1, 16, 256, 1024] as const;
const BATCHES_PER_SIZE = 3;
/** Extracts anchored one by one for the "on its own" figure. */
const SINGLES = 32;

const random = createRandomSource();
/** A batch root over `n` leaves of seal-sized random bodies. */
const rootOf = (n: number): Uint8Array =>
  buildTree(Array.from({ length: n }, () => leafHash(random(170)))).root;

const bench: BenchModule = {
  name: "Gas per extract (SealRegistry on a fresh Hardhat chain)",
  async run(): Promise<Row[]> {
    const connection = await network.create();
    try {
      const provider = new BrowserProvider(connection.provider, undefined, { cacheTimeout: -1 });
      const [admin, issuer] = await Promise.all([provider.getSigner(0), provider.getSigner(1)]);
      const artifact = loadRegistryArtifact();
      const { address } = await deployRegistry(artifact, admin, admin.address);
      await new RegistryClient(address, artifact, admin).grantRole(ROLES.issuer, issuer.address);
      const registry = new RegistryClient(address, artifact, issuer);

      const singles: number[] = [];
      for (let i = 0; i < SINGLES; i++) {
        singles.push(Number((await registry.anchorRoots([leafHash(random(170))])).gasUsed));
      }
      const own = median(singles);

      const rows: Row[] = [];
      for (const size of SIZES) {
        const gas: number[] = [];
        for (let b = 0; b < BATCHES_PER_SIZE; b++) {
          gas.push(Number((await registry.anchorRoots([rootOf(size)])).gasUsed));
        }
        const perExtract = median(gas) / size;
        rows.push({
          figure: `batch of ${size.toLocaleString("en-US")}: gas per extract`,
          value: perExtract,
          unit: "gas",
          note: `${median(gas).toLocaleString("en-US")} gas per anchor(root)${size > 1 ? `; ${Math.round(own / perExtract).toLocaleString("en-US")}× less than each on its own` : ""}`,
          ...(size === 256 ? { target: `≤ ${TARGET_AT_256}`, met: perExtract <= TARGET_AT_256 } : {}),
        });
      }
      rows.push({
        figure: "each extract anchored on its own: gas per extract",
        value: own,
        unit: "gas",
        note: `median of ${SINGLES} anchor(leaf) transactions`,
      });

      const roots = Array.from({ length: 32 }, () => rootOf(64));
      const defaults = Number((await registry.anchorRoots(roots)).gasUsed);
      rows.push({
        figure: "service defaults (64 per batch, 32 roots per tx)",
        value: defaults / (32 * 64),
        unit: "gas",
        note: `${defaults.toLocaleString("en-US")} gas per anchorRoots of 32 roots`,
      });
      return rows;
    } finally {
      await connection.close();
    }
  },
};
export default bench;
