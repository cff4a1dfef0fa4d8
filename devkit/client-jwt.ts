/** A trusted EHR for tests and benchmarks: an ES384 key, its CDS_TRUSTED_CLIENTS entry (inline JWKS), signed client JWTs. */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export interface TestEhr {
  iss: string;
  /** CDS_TRUSTED_CLIENTS value trusting this EHR. */
  trustedClients: string;
  /** A client JWT for a call to `aud` (the exact URL), with a fresh jti unless given. */
  token(aud: string, jti?: string): Promise<string>;
}

export async function testEhr(iss = 'https://ehr.test.example'): Promise<TestEhr> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = 'test-ehr-key';
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  return {
    iss,
    trustedClients: JSON.stringify([{ iss, jwks: { keys: [jwk] } }]),
    token: (aud, jti = randomUUID()) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ jti }).setProtectedHeader({ alg: 'ES384', kid, typ: 'JWT' }).setIssuer(iss).setAudience(aud).setIssuedAt(now).setExpirationTime(now + 300).sign(privateKey);
    },
  };
}
