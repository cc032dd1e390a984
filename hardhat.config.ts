import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// This machine reaches no compiler download server: Hardhat uses the WASM build of the `solc`
// npm package instead. Hardhat does not check `version` against the binary, so it is read from
// the package itself to stay truthful.
const solcVersion = (require("solc/package.json") as { version: string }).version;

export default defineConfig({
  solidity: {
    version: solcVersion,
    path: require.resolve("solc/soljson.js"),
    settings: {
      evmVersion: "prague",
      optimizer: { enabled: true, runs: 10_000 },
    },
  },
});
