/**
 * Authentication of the calling EHR by its signed JWT (CDS Hooks 2.0 §Trusting CDS Clients; jose does the
 * cryptography). Checks, in order: Bearer JWT present; alg ES384/RS384 only; kid and typ; iss allowlisted;
 * a jku header only if it is the configured one; signature by that issuer's key with that kid (its pinned
 * jwks when configured, else its jku's JWKS, cached and refetched on an unknown kid at most once a minute);
 * aud equal to the exact URL called; exp in the future and not too far; iat not in the future; jti never seen
 * within its lifetime.
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

export const ALLOWED_ALGS = ['ES384', 'RS384'] as const;

export interface AuthOptions {
  clients: TrustedClient[];
  /** Clock skew tolerated on exp/iat, seconds. */
  clockSkewSeconds: number;
  /** Longest accepted lifetime (exp − now), seconds. */
  maxLifetimeSeconds: number;
  /** Most jti values remembered at once; beyond it, new tokens are refused until old ones expire (fail closed). */
  replayCacheSize: number;
  /** Least time between two JWKS fetches for unknown kids (default one minute). */
  jwksCooldownMs?: number;
  /** For tests: the clock, in seconds. */
  nowSeconds?: () => number;
}

export interface AuthenticatedClient {
  client: TrustedClient;
  jti: string;
}

function fail(detail: string): never {
  throw new CdsError(Failure.Unauthorized, 'Unauthorized', detail);
}

/** Bounded memory of seen jti values, each kept until its token expires. */
export class ReplayCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly maxSize: number) {}

  /** Records `key` until `expiresAt`; false when it was already there (a replay) or the cache is full. */
  remember(key: string, expiresAt: number, now: number): 'ok' | 'replay' | 'full' {
    const known = this.seen.get(key);
    if (known !== undefined && known > now) return 'replay';
    if (this.seen.size >= this.maxSize) {
      for (const [k, exp] of this.seen) if (exp <= now) this.seen.delete(k);
      if (this.seen.size >= this.maxSize) return 'full';
    }
    this.seen.set(key, expiresAt);
    return 'ok';
  }
}

export class ClientAuthenticator {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  private readonly replay: ReplayCache;
  private readonly now: () => number;

  constructor(private readonly options: AuthOptions) {
    this.replay = new ReplayCache(options.replayCacheSize);
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

  /** Verifies `Authorization` for a call to `audience` (the exact URL called). */
  async authenticate(authorization: string | undefined, audience: string): Promise<AuthenticatedClient> {
    const m = authorization ? /^Bearer\s+([A-Za-z0-9_\-.=]+)$/.exec(authorization) : null;
    if (!m) fail('no Bearer JWT in the Authorization header');
    const token = m[1]!;
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      fail('not a JWS compact JWT');
    }
    if (!(ALLOWED_ALGS as readonly string[]).includes(String(header.alg))) fail(`alg ${String(header.alg)} is not ES384 or RS384`);
    if (typeof header.kid !== 'string' || !header.kid) fail('no kid in the JWT header');
    if (header.typ !== undefined && header.typ !== 'JWT') fail(`typ ${String(header.typ)} is not JWT`);
    const client = this.options.clients.find((c) => c.iss === unverified.iss);
    if (!client) fail(`issuer ${String(unverified.iss)} is not a trusted client`);
    if (header.jku !== undefined && header.jku !== client.jku) {
      fail(
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
      fail(`verification failed: ${(e as { code?: string }).code ?? (e as Error).name}`);
    }
    const now = this.now();
    const exp = payload.exp!;
    if (exp - now > this.options.maxLifetimeSeconds) fail(`exp is ${exp - now} s ahead, more than ${this.options.maxLifetimeSeconds} s`);
    if (payload.iat! > now + this.options.clockSkewSeconds) fail('iat is in the future');
    const jti = String(payload.jti);
    const remembered = this.replay.remember(`${client.iss} ${jti}`, exp + this.options.clockSkewSeconds, now);
    if (remembered === 'replay') fail(`jti ${jti} was already used`);
    if (remembered === 'full') fail('replay cache full: refusing new tokens until old ones expire');
    return { client, jti };
  }
}
