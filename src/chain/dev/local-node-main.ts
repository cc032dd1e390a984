/**
 * Child process body of the local development chain: a Hardhat (EDR) chain served over JSON-RPC
 * on 127.0.0.1, as `hardhat node` does, but able to start its clock in the past.
 *
 *   node src/chain/dev/local-node-main.ts <port> <chainId> [<genesis time, Unix seconds>]
 *
 * A genesis before the journal's first chain event lets a replay give every event its original
 * block time (see `replay.ts`). The working directory must be the project (hardhat.config.ts).
 * @module
 */
import { network } from "hardhat";

const [portArg = "8545", chainIdArg = "31337", genesisArg] = process.argv.slice(2);
const server = await network.createServer(
  {
    network: "default",
    override: {
      chainId: Number(chainIdArg),
      ...(genesisArg ? { initialDate: new Date(Number(genesisArg) * 1000) } : {}),
    },
  },
  "127.0.0.1",
  Number(portArg),
);
const { address, port } = await server.listen();
process.stdout.write(`Local development chain listening on http://${address}:${port}\n`);
const stop = (): void => {
  void server.close().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
