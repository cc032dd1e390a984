/**
 * The one place where everything is wired together: configuration, the chain (starting the
 * local development chain when no RPC URL is configured), the journal, the issuer, the verifier
 * and the HTTP server.
 *
 * Run directly (`node src/main.ts`) it starts the service and prints the verifier URL and a demo
 * office token; SIGINT or SIGTERM stops the service and the local chain it started.
 * @module
 */
import { randomBytes as nodeRandomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Wallet, getAddress, getCreateAddress, type JsonRpcProvider } from "ethers";
import { loadRegistryArtifact } from "./chain/artifact.ts";
import { startLocalNode, type LocalNode } from "./chain/local-node.ts";
import { createProvider } from "./chain/provider.ts";
import { ROLES, RegistryClient, addressBytes, deployRegistry } from "./chain/registry.ts";
import { loadConfig, type Config, type OfficeConfig } from "./config.ts";
import { SceauError } from "./core/errors.ts";
import { createApp } from "./http/app.ts";
import { OfficeAuth, hashToken } from "./http/auth.ts";
import { IssuerService, type IssuerOffice } from "./issuer/service.ts";
import { createLogger, errorFields, type Logger } from "./log.ts";
import { renderExtract } from "./pdf/render.ts";
import { stampSeal } from "./pdf/stamp.ts";
import { initQrDecoder } from "./qr/decode.ts";
import { Journal } from "./store/journal.ts";
import { JsQrRunner } from "./qr/jsqr.ts";
import { QrLocator } from "./verifier/locate.ts";
import type { TrustedRegistry } from "./verifier/ports.ts";
import { Verifier } from "./verifier/verifier.ts";

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface RunningService {
  /** Base URL the HTTP server listens on. */
  readonly url: string;
  readonly config: Config;
  readonly registryAddress: string;
  /** The demo office's token, when the demo office is in use. */
  readonly demoToken: string | null;
  readonly issuer: IssuerService;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly log?: Logger;
  readonly now?: () => number;
  /** Source of document ids and salts; a seeded one makes issued PDFs reproducible (benchmarks). */
  readonly randomBytes?: (n: number) => Uint8Array;
}

/** Starts everything `config` describes. */
export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const log = options.log ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  mkdirSync(config.dataDir, { recursive: true });
  const closers: (() => Promise<void> | void)[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch (e) {
        log("warn", "Error while stopping.", errorFields(e));
      }
    }
  };

  try {
    let localNode: LocalNode | null = null;
    if (config.chain.local) {
      localNode = await startLocalNode({
        port: config.chain.localPort,
        chainId: config.chain.chainId,
        logFile: join(config.dataDir, "hardhat-node.log"),
        cwd: PROJECT_ROOT,
      });
      const node = localNode;
      closers.push(() => node.stop());
      log("info", node.owned ? "Local Hardhat chain started." : "Reusing the local chain already running.", {
        rpcUrl: node.url,
      });
    }

    const provider = createProvider(config.chain.rpcUrl, config.chain.chainId, {
      timeoutMs: config.chain.timeoutMs,
    });
    closers.push(() => {
      provider.destroy();
    });
    const artifact = loadRegistryArtifact();
    const issuerWallet = new Wallet(config.chain.issuerKey, provider);
    const revokerWallet = new Wallet(config.chain.revokerKey, provider);
    const registryAddress = await ensureRegistry(config, provider, log);
    const asIssuer = new RegistryClient(registryAddress, artifact, issuerWallet);
    await ensureRoles(config, provider, registryAddress, issuerWallet.address, revokerWallet.address, log);

    const journal = new Journal(join(config.dataDir, "journal.sqlite"));
    closers.push(() => {
      journal.close();
    });

    const { offices, demoToken } = loadOffices(config);
    const issuerOffices = new Map<string, IssuerOffice>(
      offices.map((o) => [
        o.id,
        { id: o.id, name: o.name, addressLines: o.addressLines, canton: o.canton, place: o.place },
      ]),
    );

    const issuer = new IssuerService({
      journal,
      anchor: asIssuer,
      render: renderExtract,
      stamp: stampSeal,
      offices: issuerOffices,
      registry: { chainId: config.chain.chainId, address: addressBytes(registryAddress) },
      verifierUrl: config.publicUrl,
      batch: config.batch,
      now,
      randomBytes: options.randomBytes ?? ((n) => new Uint8Array(nodeRandomBytes(n))),
      log,
    });
    issuer.start();
    closers.push(() => issuer.stop());

    const trustList: TrustedRegistry[] = config.trustList.map((t) => {
      const p =
        t.rpcUrl === config.chain.rpcUrl && t.chainId === config.chain.chainId
          ? provider
          : createProvider(t.rpcUrl, t.chainId, { timeoutMs: config.chain.timeoutMs });
      if (p !== provider) {
        closers.push(() => {
          p.destroy();
        });
      }
      const client = new RegistryClient(t.address, artifact, p);
      return {
        chainId: t.chainId,
        address: getAddress(t.address),
        name: t.name,
        reader: {
          sealStatus: (root, leaf) => client.sealStatus(root, leaf),
          anchorEvent: (root) => client.anchorEvent(root),
        },
      };
    });

    await initQrDecoder();
    const jsqr = new JsQrRunner();
    closers.push(() => jsqr.close());
    const verifier = new Verifier({
      trustList,
      now,
      maxAgeDays: config.verify.maxAgeDays,
      minConfirmations: config.verify.minConfirmations,
      documents: new QrLocator(
        {
          maxPdfPages: config.verify.maxPdfPages,
          maxPixels: config.verify.maxPixels,
          timeBudgetMs: config.verify.timeBudgetMs,
        },
        jsqr,
      ),
    });

    const app = createApp({
      issuer,
      verifier,
      auth: new OfficeAuth(offices),
      trustList,
      limits: { maxUploadBytes: config.verify.maxUploadBytes, waitTimeoutMs: 120_000 },
      logError: (e) => {
        log("error", "Request failed.", errorFields(e));
      },
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => {
        resolve(s);
      });
      s.once("error", reject);
    });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          server.closeAllConnections();
        }),
    );
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url = `http://${config.host}:${port}`;
    log("info", "Service listening.", { url, registry: registryAddress, chainId: config.chain.chainId });
    return { url, config, registryAddress, demoToken, issuer, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Makes sure the registry exists. On the local development chain a missing registry is deployed
 * by the development admin as its first transaction, which puts it at the configured address.
 */
async function ensureRegistry(config: Config, provider: JsonRpcProvider, log: Logger): Promise<string> {
  const artifact = loadRegistryArtifact();
  const address = config.chain.registryAddress;
  const reader = new RegistryClient(address, artifact, provider);
  if (await reader.isDeployed()) return address;
  if (!config.chain.local || !config.chain.adminKey) {
    throw new SceauError("REGISTRY_MISSING", `No registry at ${address} on chain ${config.chain.chainId}.`);
  }
  const admin = new Wallet(config.chain.adminKey, provider);
  const nonce = await provider.getTransactionCount(admin.address);
  if (getCreateAddress({ from: admin.address, nonce }) !== address) {
    throw new SceauError(
      "REGISTRY_MISSING",
      `No registry at ${address}, and the admin's next deployment would land elsewhere (nonce ${nonce}).`,
    );
  }
  const deployed = await deployRegistry(artifact, admin, admin.address);
  log("warn", "LOCAL DEVELOPMENT CHAIN: the registry was missing and has been deployed.", {
    address: deployed.address,
    block: deployed.blockNumber,
  });
  return deployed.address;
}

async function ensureRoles(
  config: Config,
  provider: JsonRpcProvider,
  registryAddress: string,
  issuer: string,
  revoker: string,
  log: Logger,
): Promise<void> {
  const artifact = loadRegistryArtifact();
  const reader = new RegistryClient(registryAddress, artifact, provider);
  const wanted: [string, string, string][] = [
    ["issuer", ROLES.issuer, issuer],
    ["revoker", ROLES.revoker, revoker],
  ];
  for (const [name, role, account] of wanted) {
    if (await reader.hasRole(role, account)) continue;
    if (!config.chain.adminKey) {
      throw new SceauError(
        "CONFIG_INVALID",
        `Account ${account} lacks the ${name} role and no admin key is configured.`,
      );
    }
    const admin = new RegistryClient(registryAddress, artifact, new Wallet(config.chain.adminKey, provider));
    await admin.grantRole(role, account);
    log("info", `Granted the ${name} role.`, { account });
  }
}

/** Configured offices, or the demo office (development) with a token kept in the data directory. */
function loadOffices(config: Config): { offices: OfficeConfig[]; demoToken: string | null } {
  if (config.offices) return { offices: [...config.offices], demoToken: null };
  const file = join(config.dataDir, "demo-office.json");
  let token: string;
  if (existsSync(file)) {
    token = (JSON.parse(readFileSync(file, "utf8")) as { token: string }).token;
  } else {
    token = nodeRandomBytes(24).toString("base64url");
    writeFileSync(file, `${JSON.stringify({ token }, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    offices: [
      {
        id: "demo",
        name: "Office des poursuites de démonstration",
        addressLines: ["Rue de l'Exemple 1", "2800 Delémont"],
        canton: "JU",
        place: "Delémont",
        language: "fr",
        tokenSha256: hashToken(token),
      },
    ],
    demoToken: token,
  };
}

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
