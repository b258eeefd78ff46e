// Serves one PGlite instance to many PostgreSQL clients over TCP on loopback.
//
// PGlite is a single backend: every connection shares it, so the messages of one client must not
// interleave with another's. @electric-sql/pglite-socket queues single protocol messages, which
// lets a second client's Parse replace the first's unnamed statement between Bind and Execute
// ("portal does not exist") under concurrent load. Here a client holds the backend from its first
// message until a Sync or simple Query completes with no transaction open, so an extended-query
// sequence and a whole transaction each run as one unit.
//
// PGlite itself trusts whoever talks to it, and loopback is shared by every local user: before a
// client's startup packet reaches PGlite, the client authenticates here with SCRAM-SHA-256 as the
// user "postgres" (as PostgreSQL does with password_encryption = scram-sha-256), so the password
// never crosses the socket. Until then nothing the client sends reaches the database.
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { SCRAM_MECHANISM, ScramProtocolError, ScramSession, scramVerifier } from './scram';

/** The one user the embedded database knows. */
export const EMBEDDED_DB_USER = 'postgres';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const PASSWORD = 0x70; // 'p': SASLInitialResponse, SASLResponse
const MAX_STARTUP_LENGTH = 10_000; // PostgreSQL's MAX_STARTUP_PACKET_LENGTH
const AUTH_TIMEOUT_MS = 60_000; // PostgreSQL's authentication_timeout
const ANSWER_BYTES = 64 * 1024; // answers gathered beyond this go out at once, as a full output buffer does

/** A backend message: type byte, int32 length (itself included), body. */
function backendMessage(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

/** Authentication request `code` (10 SASL, 11 SASLContinue, 12 SASLFinal) with its data. */
function authentication(code: number, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(code, 0);
  return backendMessage('R', Buffer.concat([head, data]));
}

/** A FATAL ErrorResponse: the connection closes after it. */
function fatal(sqlstate: string, message: string): Buffer {
  const field = (code: string, value: string) => Buffer.from(`${code}${value}\0`, 'utf8');
  return backendMessage(
    'E',
    Buffer.concat([
      field('S', 'FATAL'),
      field('V', 'FATAL'),
      field('C', sqlstate),
      field('M', message),
      Buffer.from([0]),
    ]),
  );
}

/** The startup packet's parameters (user, database, options…). */
function startupParameters(message: Uint8Array): Map<string, string> {
  const parts = Buffer.from(message.buffer, message.byteOffset + 8, message.length - 8)
    .toString('utf8')
    .split('\0');
  const params = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) params.set(parts[i], parts[i + 1]);
  return params;
}

/** Hands the backend to one connection at a time, first come first served. */
class BackendLock {
  private holder: object | null = null;
  private waiting: { owner: object; grant: () => void }[] = [];

  async acquire(owner: object): Promise<void> {
    if (this.holder === owner) return;
    if (!this.holder) {
      this.holder = owner;
      return;
    }
    await new Promise<void>((grant) => this.waiting.push({ owner, grant }));
  }

  release(owner: object): void {
    if (this.holder !== owner) return;
    const next = this.waiting.shift();
    this.holder = next?.owner ?? null;
    next?.grant();
  }
}

export interface PgliteServer {
  port: number;
  /** Runs `work` on the backend between clients' units (never inside another client's transaction). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Serves `db` on host:port to clients that authenticate as "postgres" with `password`. */
export async function servePglite(
  db: PGlite,
  port: number,
  password: string,
  host = '127.0.0.1',
): Promise<PgliteServer> {
  if (!password)
    throw new Error('The embedded database needs a password (EMBEDDED_DB_PASSWORD, or secrets.json in demo mode)');
  const verifier = scramVerifier(password);
  const lock = new BackendLock();
  // Each open connection, with a promise that settles once it has closed and cleaned up.
  const connections = new Map<net.Socket, Promise<void>>();

  const server = net.createServer((socket) => {
    let closed!: () => void;
    connections.set(socket, new Promise<void>((resolve) => (closed = resolve)));
    socket.setNoDelay(true);
    const owner = {};
    let buffer = Buffer.alloc(0);
    // startup: before the startup packet; sasl-first/sasl-final: authenticating; ready: served by
    // PGlite; refused: authentication failed, the connection is closing
    let phase: 'startup' | 'sasl-first' | 'sasl-final' | 'ready' | 'refused' = 'startup';
    let startup: Uint8Array | undefined;
    let user: string | undefined;
    const scram = new ScramSession(verifier);
    let chain = Promise.resolve();
    socket.setTimeout(AUTH_TIMEOUT_MS, () => phase !== 'ready' && socket.destroy());

    // PGlite hands its answers over a message at a time. They go out in one write once every
    // message the client has sent so far is answered (the client waits only then), or once a
    // socket's worth has gathered: a write per answer cost this process and the client a system
    // call and a wake-up each.
    let answers: Buffer[] = [];
    let gathered = 0;
    let unanswered = 0;
    const answer = () => {
      if (answers.length && socket.writable) socket.write(answers.length === 1 ? answers[0] : Buffer.concat(answers));
      answers = [];
      gathered = 0;
    };

    const refuse = (sqlstate: string, message: string) => {
      phase = 'refused';
      socket.end(fatal(sqlstate, message));
      buffer = Buffer.alloc(0);
    };

    /** One 'p' message during authentication; false when the connection was refused. */
    const authenticate = (body: Buffer): boolean => {
      try {
        if (phase === 'sasl-first') {
          const nul = body.indexOf(0);
          const mechanism = nul < 0 ? '' : body.toString('utf8', 0, nul);
          if (mechanism !== SCRAM_MECHANISM)
            throw new ScramProtocolError('client selected an invalid SASL authentication mechanism');
          const length = body.length >= nul + 5 ? body.readInt32BE(nul + 1) : -1;
          if (length < 0 || body.length !== nul + 5 + length)
            throw new ScramProtocolError('malformed SASLInitialResponse');
          const serverFirst = scram.first(body.toString('utf8', nul + 5));
          socket.write(authentication(11, Buffer.from(serverFirst)));
          phase = 'sasl-final';
          return true;
        }
        const serverFinal = scram.final(body.toString('utf8'));
        if (!serverFinal || user !== EMBEDDED_DB_USER) {
          refuse('28P01', `password authentication failed for user "${user ?? ''}"`);
          return false;
        }
        socket.write(authentication(12, Buffer.from(serverFinal)));
        // PGlite answers the startup packet with AuthenticationOk, ParameterStatus…, BackendKeyData
        // and ReadyForQuery: after SASLFinal, the sequence a PostgreSQL server sends.
        phase = 'ready';
        socket.setTimeout(0);
        const message = startup!;
        unanswered += 1;
        chain = chain.then(() => run(message, true));
        return true;
      } catch (err) {
        if (!(err instanceof ScramProtocolError)) throw err;
        refuse('08P01', err.message);
        return false;
      }
    };

    const run = async (message: Uint8Array, endsUnit: boolean) => {
      await lock.acquire(owner);
      try {
        await db.runExclusive(() =>
          db.execProtocolRawStream(message, {
            onRawData: (data) => {
              answers.push(Buffer.from(data));
              if ((gathered += data.length) >= ANSWER_BYTES) answer();
            },
          }),
        );
      } finally {
        if (endsUnit && !db.isInTransaction()) lock.release(owner);
      }
      if (--unanswered === 0) answer();
    };

    // The messages of a unit that arrived together go to PGlite in one call, not one call each.
    let unit: Uint8Array[] = [];
    const send = (endsUnit: boolean) => {
      if (!unit.length) return;
      const messages = unit.length === 1 ? unit[0] : Buffer.concat(unit);
      unit = [];
      unanswered += 1;
      chain = chain.then(() => run(messages, endsUnit));
    };
    const onMessages = () => {
      readMessages();
      if (!socket.destroyed) send(false);
    };

    const readMessages = () => {
      for (;;) {
        if (phase === 'refused') return;
        if (phase === 'startup') {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (length < 8 || length > MAX_STARTUP_LENGTH) return void socket.destroy();
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const message = Uint8Array.prototype.slice.call(buffer, 0, length); // a copy: PGlite may keep it
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N'); // no encryption on loopback
            continue;
          }
          if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          }
          // The startup packet waits until the client has authenticated; PGlite then answers it.
          startup = message;
          user = startupParameters(message).get('user');
          phase = 'sasl-first';
          socket.write(authentication(10, Buffer.from(`${SCRAM_MECHANISM}\0\0`)));
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (length < 5 || (phase !== 'ready' && length > MAX_STARTUP_LENGTH)) return void socket.destroy();
        if (buffer.length < length) return;
        const type = buffer[0];
        if (phase !== 'ready') {
          const body = buffer.subarray(5, length);
          buffer = buffer.subarray(length);
          if (type === TERMINATE) return void socket.end();
          if (type !== PASSWORD)
            return refuse(
              '08P01',
              'expected SASL response, got message type ' + JSON.stringify(String.fromCharCode(type)),
            );
          if (!authenticate(body)) return;
          continue;
        }
        const message = Uint8Array.prototype.slice.call(buffer, 0, length); // a copy: PGlite may keep it
        buffer = buffer.subarray(length);
        if (type === TERMINATE) {
          send(false);
          socket.end();
          return;
        }
        unit.push(message);
        if (type === SYNC || type === QUERY) send(true);
      }
    };

    socket.on('data', (data) => {
      if (phase === 'refused') return;
      buffer = Buffer.concat([buffer, data]);
      try {
        onMessages();
      } catch {
        socket.destroy(); // a malformed message; PGlite has not seen it
      }
      chain = chain.catch(() => {
        socket.destroy();
      });
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (phase !== 'ready') {
        // never reached PGlite: nothing to roll back
        connections.delete(socket);
        return closed();
      }
      // A client gone mid-transaction must not leave the shared backend inside it.
      chain = chain
        .then(async () => {
          await lock.acquire(owner);
          try {
            if (db.isInTransaction()) await db.exec('ROLLBACK');
          } finally {
            lock.release(owner);
          }
        })
        .catch(() => undefined)
        .then(() => {
          connections.delete(socket);
          closed();
        });
    });
  });

  await db.waitReady;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    async exclusive(work) {
      const owner = {};
      await lock.acquire(owner);
      try {
        return await work();
      } finally {
        lock.release(owner);
      }
    },
    /** Stops listening and waits until every connection has closed; close the database after. */
    async close() {
      const closing = [...connections.values()];
      for (const socket of connections.keys()) socket.destroy();
      await Promise.all(closing);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
