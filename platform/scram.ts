// The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it, for the embedded
// database's wire server: the client proves it knows the password without sending it, and checks
// that the server knows it too. No channel binding (loopback, no TLS): the client's GS2 flag must
// be "n" or "y", never "p". The SCRAM user name is ignored, as PostgreSQL does: the startup
// packet's user is the one authenticated.
import crypto from 'node:crypto';

export const SCRAM_MECHANISM = 'SCRAM-SHA-256';
const ITERATIONS = 4096; // PostgreSQL's default scram_iterations

/** What the server keeps instead of the password (PostgreSQL's pg_authid verifier). */
export interface ScramVerifier {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** A malformed or out-of-order SCRAM message: a protocol violation, not a wrong password. */
export class ScramProtocolError extends Error {}

const hmac = (key: Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest();

/**
 * RFC 4013 SASLprep's mapping and NFKC, the part that changes bytes; the same subset node-postgres
 * applies on the client (pg/lib/crypto/sasl.js), so both sides derive the same key.
 */
export function saslprep(password: string): string {
  // the tables of RFC 4013 list combining characters on their own, on purpose
  /* eslint-disable no-misleading-character-class */
  return password
    .replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, '')
    .normalize('NFKC');
  /* eslint-enable no-misleading-character-class */
}

export function scramVerifier(password: string, salt = crypto.randomBytes(16), iterations = ITERATIONS): ScramVerifier {
  const salted = crypto.pbkdf2Sync(saslprep(password), salt, iterations, 32, 'sha256');
  return { salt, iterations, storedKey: sha256(hmac(salted, 'Client Key')), serverKey: hmac(salted, 'Server Key') };
}

/** key=value pairs separated by commas, each key one letter. */
function attributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(',')) {
    if (!/^[A-Za-z]=/.test(part)) throw new ScramProtocolError('malformed SCRAM message');
    map.set(part[0], part.slice(2));
  }
  return map;
}

/** One client's exchange: first() answers client-first, final() checks the proof. */
export class ScramSession {
  private clientFirstBare?: string;
  private serverFirst?: string;
  private gs2Header?: string;
  private nonce?: string;

  constructor(private readonly verifier: ScramVerifier) {}

  /** client-first-message → server-first-message */
  first(clientFirst: string): string {
    if (this.serverFirst) throw new ScramProtocolError('unexpected SCRAM message');
    const match = /^([ny]),(a=[^,]*)?,(.*)$/.exec(clientFirst);
    if (!match)
      throw new ScramProtocolError(
        clientFirst.startsWith('p') ? 'channel binding is not supported without TLS' : 'malformed SCRAM message',
      );
    if (match[2]) throw new ScramProtocolError('SCRAM authorization identity is not supported');
    const bare = match[3];
    const clientNonce = attributes(bare).get('r');
    if (!clientNonce || !/^[\x21-\x2b\x2d-\x7e]+$/.test(clientNonce))
      throw new ScramProtocolError('malformed SCRAM message: bad nonce');
    this.gs2Header = `${match[1]},${match[2] ?? ''},`;
    this.clientFirstBare = bare;
    this.nonce = clientNonce + crypto.randomBytes(18).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.verifier.salt.toString('base64')},i=${this.verifier.iterations}`;
    return this.serverFirst;
  }

  /** client-final-message → server-final-message when the proof is right, undefined when not. */
  final(clientFinal: string): string | undefined {
    if (!this.serverFirst) throw new ScramProtocolError('unexpected SCRAM message');
    const at = clientFinal.lastIndexOf(',p=');
    if (at < 0) throw new ScramProtocolError('malformed SCRAM message: no proof');
    const withoutProof = clientFinal.slice(0, at);
    const attrs = attributes(withoutProof);
    if (attrs.get('c') !== Buffer.from(this.gs2Header!).toString('base64'))
      throw new ScramProtocolError('SCRAM channel binding check failed');
    if (attrs.get('r') !== this.nonce) throw new ScramProtocolError('SCRAM nonce does not match');
    const proof = Buffer.from(clientFinal.slice(at + 3), 'base64');
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.verifier.storedKey, authMessage);
    if (proof.length !== clientSignature.length) return undefined;
    const clientKey = Buffer.from(proof.map((b, i) => b ^ clientSignature[i]));
    if (!crypto.timingSafeEqual(sha256(clientKey), this.verifier.storedKey)) return undefined;
    return `v=${hmac(this.verifier.serverKey, authMessage).toString('base64')}`;
  }
}
