/**
 * Post office agents: each signs in with the credential of their post office's counter, which
 * the agents file keeps only as a SHA-256 digest (the credentials are long random tokens, as the
 * offices' are). Compared in constant time against every agent, like office tokens.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { SignedInAgent } from "./session.ts";

export interface AgentRecord extends SignedInAgent {
  /** SHA-256 of the agent's credential, lower-case hex. */
  readonly credentialSha256: string;
}

export class AgentAuth {
  private readonly agents: readonly { agent: SignedInAgent; digest: Buffer }[];

  constructor(agents: readonly AgentRecord[]) {
    this.agents = agents.map(({ credentialSha256, ...agent }) => ({
      agent,
      digest: Buffer.from(credentialSha256, "hex"),
    }));
  }

  /** The agent whose credential this is, or null. */
  authenticate(credential: string): SignedInAgent | null {
    const digest = createHash("sha256").update(credential.trim(), "utf8").digest();
    let match: SignedInAgent | null = null;
    for (const { agent, digest: expected } of this.agents) {
      if (expected.length === digest.length && timingSafeEqual(digest, expected) && match === null)
        match = agent;
    }
    return match;
  }
}
