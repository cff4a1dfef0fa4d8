/**
 * Authentication of the calling EHR by its signed JWT (CDS Hooks 2.0 §Trusting CDS Clients; jose does the
 * cryptography). Checks, in order: Bearer JWT present; alg ES384/RS384 only; kid and typ; iss allowlisted;
 * a jku header only if it is the configured one; signature by that issuer's key with that kid (its pinned
 * jwks when configured, else its jku's JWKS, cached and refetched on an unknown kid at most once a minute);
 * aud equal to the exact URL called; exp in the future and not too far; iat not in the future; jti never seen
 * within its lifetime (by any process on the same store).
 * Any failure is one bare 401; which check failed goes to the log only, never the token.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTPayload,
} from 'jose';
import { CdsError, Failure } from '../contract/outcomes.js';
import type { TrustedClient } from '../config/trusted-clients.js';
import type { ReplayMemory } from '../store/store.js';

export const ALLOWED_ALGS = ['ES384', 'RS384'] as const;

export interface AuthOptions {
  clients: TrustedClient[];
  /** Clock skew tolerated on exp/iat, seconds. */
  clockSkewSeconds: number;
  /** Longest accepted lifetime (exp − now), seconds. */
  maxLifetimeSeconds: number;
  /** Where jti values are remembered: the store, shared by every process and instance on it. */
  replay: ReplayMemory;
  /** Told which check failed (metrics; a fixed set of names, never the token). */
  onFailure?: (check: AuthCheck) => void;
  /** Least time between two JWKS fetches for unknown kids (default one minute). */
  jwksCooldownMs?: number;
  /** For tests: the clock, in seconds. */
  nowSeconds?: () => number;
}

export interface AuthenticatedClient {
  client: TrustedClient;
  jti: string;
}

/** The checks, by name (the metric label of an auth failure). */
export type AuthCheck = 'bearer' | 'format' | 'alg' | 'kid' | 'typ' | 'issuer' | 'jku' | 'signature' | 'lifetime' | 'iat' | 'replay' | 'replay-store';

class AuthFailure extends CdsError {
  constructor(
    readonly check: AuthCheck,
    detail: string,
  ) {
    super(Failure.Unauthorized, 'Unauthorized', detail);
  }
}

function fail(check: AuthCheck, detail: string): never {
  throw new AuthFailure(check, detail);
}

export class ClientAuthenticator {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  private readonly now: () => number;

  constructor(private readonly options: AuthOptions) {
    this.now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
    for (const c of options.clients) {
      // Keys come only from the JWKS configured for the issuer, never from a URL the token names. Pinned keys win:
      // an entry with both `jwks` and `jku` is verified offline, its `jku` only checked against the token's header.
      const keys = c.jwks
        ? createLocalJWKSet(c.jwks as never)
        : createRemoteJWKSet(new URL(c.jku!), { cooldownDuration: options.jwksCooldownMs ?? 60_000, cacheMaxAge: 3_600_000, timeoutDuration: 5_000 });
      this.keySets.set(c.iss, keys);
    }
  }

  /** Verifies `Authorization` for a call to `audience` (the exact URL called; any of a list, when it has several names). */
  async authenticate(authorization: string | undefined, audience: string | string[]): Promise<AuthenticatedClient> {
    try {
      return await this.verify(authorization, audience);
    } catch (e) {
      if (e instanceof AuthFailure) this.options.onFailure?.(e.check);
      else if (e instanceof CdsError && e.failure === Failure.Unavailable) this.options.onFailure?.('replay-store');
      throw e;
    }
  }

  private async verify(authorization: string | undefined, audience: string | string[]): Promise<AuthenticatedClient> {
    const m = authorization ? /^Bearer\s+([A-Za-z0-9_\-.=]+)$/.exec(authorization) : null;
    if (!m) fail('bearer', 'no Bearer JWT in the Authorization header');
    const token = m[1]!;
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      fail('format', 'not a JWS compact JWT');
    }
    if (!(ALLOWED_ALGS as readonly string[]).includes(String(header.alg))) fail('alg', `alg ${String(header.alg)} is not ES384 or RS384`);
    if (typeof header.kid !== 'string' || !header.kid) fail('kid', 'no kid in the JWT header');
    if (header.typ !== undefined && header.typ !== 'JWT') fail('typ', `typ ${String(header.typ)} is not JWT`);
    const client = this.options.clients.find((c) => c.iss === unverified.iss);
    if (!client) fail('issuer', `issuer ${String(unverified.iss)} is not a trusted client`);
    if (header.jku !== undefined && header.jku !== client.jku) {
      fail(
        'jku',
        client.jku
          ? `jku ${String(header.jku)} is not the one configured for ${client.iss}`
          : `jku ${String(header.jku)} is named by the token, but ${client.iss} has pinned jwks and no jku configured (add "jku" to its entry to accept it)`,
      );
    }

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySets.get(client.iss)!, {
        algorithms: [...ALLOWED_ALGS],
        issuer: client.iss,
        audience,
        clockTolerance: this.options.clockSkewSeconds,
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        currentDate: new Date(this.now() * 1000),
      }));
    } catch (e) {
      fail('signature', `verification failed: ${(e as { code?: string }).code ?? (e as Error).name}`);
    }
    const now = this.now();
    const exp = payload.exp!;
    if (exp - now > this.options.maxLifetimeSeconds) fail('lifetime', `exp is ${exp - now} s ahead, more than ${this.options.maxLifetimeSeconds} s`);
    if (payload.iat! > now + this.options.clockSkewSeconds) fail('iat', 'iat is in the future');
    // A jti is a non-empty string (RFC 7519 §4.1.7): a number or an object would be remembered under its String() form.
    if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) fail('format', 'jti is not a non-empty string of at most 256 characters');
    const jti = payload.jti;
    // Fails closed: when the store cannot record the jti, the token is refused (503 from the store), never accepted.
    const remembered = await this.options.replay.rememberJti(`${client.iss} ${jti}`, exp + this.options.clockSkewSeconds, now);
    if (remembered === 'replay') fail('replay', `jti ${jti} was already used`);
    return { client, jti };
  }
}
