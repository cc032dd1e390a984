/**
 * `GET /api/v1/roots/{root}`: what the chain says about a root (anchoring, revocations), and
 * nothing personal. The verification page asks it after checking a seal on the device.
 * @module
 */
import express, { type Router } from "express";
import { fromHex, toHex } from "../../core/bytes.ts";
import { isoFromUnix } from "../../core/dates.ts";
import { SceauError } from "../../core/errors.ts";
import { reasonName } from "../../core/revocation.ts";
import type { RouteDeps } from "../deps.ts";
import { param } from "../params.ts";

export function rootsRouter(deps: Pick<RouteDeps, "verifier" | "trustList" | "limit" | "now">): Router {
  const router = express.Router();
  const { verifier, trustList } = deps;

  router.get("/api/v1/roots/:root", deps.limit.verify, async (req, res) => {
    const root = fromHex(param(req, "root"), 32);
    const chainId = Number(req.query.chainId ?? trustList[0]?.chainId);
    const address =
      typeof req.query.registry === "string"
        ? req.query.registry.toLowerCase()
        : trustList[0]?.address.toLowerCase();
    const registry = trustList.find((t) => t.chainId === chainId && t.address.toLowerCase() === address);
    if (!registry) throw new SceauError("NOT_FOUND", "That registry is not in this verifier's trust list.");
    // `leaf` is what pages before issue 11 sent; the page now asks for the root's revoked leaves
    // instead and finds its own among them, so the service never learns which extract it is.
    const leaf = typeof req.query.leaf === "string" ? fromHex(req.query.leaf, 32) : null;
    const trusted = {
      name: registry.name,
      chainId: registry.chainId,
      address: registry.address,
      verifyUrl: registry.verifyUrl,
      offices: registry.offices,
    };
    const [facts, leafFacts] = await Promise.all([
      verifier.rootFacts(registry, root),
      leaf ? verifier.chainFacts(registry, root, leaf) : null,
    ]);
    const s = facts.status;
    const l = leafFacts ? leafFacts.status : s;
    if (!s || !l) {
      throw new SceauError(
        "CHAIN_UNAVAILABLE",
        `The chain of ${registry.name} could not be read (${facts.error ?? leafFacts?.error ?? "CHAIN_UNAVAILABLE"}).`,
        { details: { registry: trusted } },
      );
    }
    const revocation = (at: number, code: number): object | null =>
      at ? { revokedAt: isoFromUnix(at), reasonCode: code, reason: reasonName(code) } : null;
    res.json({
      registry: trusted,
      root: toHex(root),
      ...(leaf ? { leaf: toHex(leaf) } : {}),
      anchored: s.issuer !== null,
      issuer: s.issuer,
      issuerAuthorised: s.issuerAuthorised,
      anchoredAt: s.anchoredAt ? isoFromUnix(s.anchoredAt) : null,
      anchorEvent: facts.event,
      rootRevocation: revocation(s.rootRevokedAt, s.rootRevocationReason),
      revokedLeaves: facts.revokedLeaves.map((r) => ({
        leaf: toHex(r.leaf),
        ...(revocation(r.revokedAt, r.reason) as object),
      })),
      leafRevocation: leaf ? revocation(l.leafRevokedAt, l.leafRevocationReason) : null,
      blockNumber: s.blockNumber,
      policy: verifier.policy,
      checkedAt: new Date((deps.now ?? Date.now)()).toISOString(),
    });
  });
  return router;
}
