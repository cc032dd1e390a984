/**
 * The service's entry point: `node src/main.ts` (what `npm start` runs) reads the configuration,
 * starts the service (`src/wiring/service.ts`) and prints the verifier URL and a demo office
 * token; SIGINT or SIGTERM stops the service and the local chain it started.
 * @module
 */
import { fileURLToPath } from "node:url";
import { loadConfig, type Config } from "./config.ts";
import { startService, type RunningService } from "./wiring/service.ts";

async function runFromCommandLine(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  let service: RunningService;
  try {
    service = await startService(config);
  } catch (e) {
    process.stderr.write(`Sceau could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  const lines = [
    "",
    "Sceau is running.",
    `  Verification page:  ${config.publicUrl}/`,
    `  Office console:     ${service.url}/office`,
    `  Verification API:   ${service.url}/api/v1/verify`,
    `  API description:    ${service.url}/api/v1/openapi.json`,
    `  Registry:           ${service.registryAddress} (chain ${config.chain.chainId}${config.chain.local ? ", local development chain" : ""})`,
  ];
  if (service.demoToken) lines.push(`  Demo office token:  ${service.demoToken}   (office "demo")`);
  lines.push("Stop with Ctrl+C.", "");
  process.stdout.write(lines.join("\n"));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Sceau...\n`);
    void service.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => {
    stop("SIGINT");
  });
  process.on("SIGTERM", () => {
    stop("SIGTERM");
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runFromCommandLine();
}
