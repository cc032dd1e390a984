/**
 * The counter's sessions: kept on the server (in memory: one service process), named by a random
 * id in an HttpOnly, SameSite=Lax cookie (Secure outside development), expiring after a while
 * idle and after a longest lifetime; the id changes at every sign-in. Each session has its own
 * CSRF token, which every form carries and every POST must return.
 * @module
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import type { CitizenIdentity, PendingSignIn } from "../../counter/ports.ts";
import type { Language } from "../../core/extract.ts";
import { SceauError } from "../../core/errors.ts";

/** A post office agent as the agents file names them. */
export interface SignedInAgent {
  readonly id: string;
  readonly name: string;
  readonly postOffice: { readonly id: string; readonly name: string };
}

export interface Session {
  readonly id: string;
  readonly csrf: string;
  readonly createdAt: number;
  lastSeen: number;
  language: Language | null;
  pending: PendingSignIn | null;
  citizen: CitizenIdentity | null;
  agent: SignedInAgent | null;
}

const COOKIE = "sceau_counter";
const MAX_SESSIONS = 100_000;

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly maxAgeMs: number;
  private readonly secure: boolean;

  constructor(options: { now: () => number; idleMs: number; maxAgeMs: number; secure: boolean }) {
    this.now = options.now;
    this.idleMs = options.idleMs;
    this.maxAgeMs = options.maxAgeMs;
    this.secure = options.secure;
  }

  /** The request's live session, or null. */
  find(req: Request): Session | null {
    const id = cookieOf(req.get("cookie"), COOKIE);
    if (id === null) return null;
    const s = this.sessions.get(id);
    if (!s) return null;
    const now = this.now();
    if (now - s.lastSeen > this.idleMs || now - s.createdAt > this.maxAgeMs) {
      this.sessions.delete(id);
      return null;
    }
    s.lastSeen = now;
    return s;
  }

  /** The request's session, or a new anonymous one (for the CSRF token of a first form). */
  ensure(req: Request, res: Response): Session {
    return this.find(req) ?? this.create(res, null);
  }

  /**
   * A new session replacing `old` (sign-in: a session id known before is never signed in).
   */
  create(res: Response, old: Session | null): Session {
    if (old) this.sessions.delete(old.id);
    if (this.sessions.size >= MAX_SESSIONS) this.sweep();
    const now = this.now();
    const s: Session = {
      id: randomBytes(32).toString("base64url"),
      csrf: randomBytes(24).toString("base64url"),
      createdAt: now,
      lastSeen: now,
      language: old?.language ?? null,
      pending: null,
      citizen: null,
      agent: null,
    };
    this.sessions.set(s.id, s);
    res.append(
      "Set-Cookie",
      `${COOKIE}=${s.id}; Path=/counter; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(this.maxAgeMs / 1000)}${this.secure ? "; Secure" : ""}`,
    );
    return s;
  }

  destroy(res: Response, s: Session | null): void {
    if (s) this.sessions.delete(s.id);
    res.append(
      "Set-Cookie",
      `${COOKIE}=; Path=/counter; HttpOnly; SameSite=Lax; Max-Age=0${this.secure ? "; Secure" : ""}`,
    );
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) {
      if (now - s.lastSeen > this.idleMs || now - s.createdAt > this.maxAgeMs) this.sessions.delete(id);
    }
    // Still full: the oldest go (a flood of anonymous sessions must not sign anyone out for long).
    for (const id of this.sessions.keys()) {
      if (this.sessions.size < MAX_SESSIONS) break;
      this.sessions.delete(id);
    }
  }
}

/**
 * Checks a form's CSRF token against its session's.
 * @throws {SceauError} `FORBIDDEN` when there is no session or the token differs
 */
export function checkCsrf(session: Session | null, body: unknown): asserts session is Session {
  const sent =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>)["_csrf"] : undefined;
  if (!session || typeof sent !== "string") {
    throw new SceauError("FORBIDDEN", "The form has expired; reload the page and try again.");
  }
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrf);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new SceauError("FORBIDDEN", "The form has expired; reload the page and try again.");
  }
}

function cookieOf(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const v = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(v) ? v : null;
    }
  }
  return null;
}
