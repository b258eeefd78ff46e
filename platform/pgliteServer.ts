// Serves one PGlite instance to many PostgreSQL clients over TCP on loopback.
//
// PGlite is a single backend: every connection shares it, so the messages of one client must not
// interleave with another's. @electric-sql/pglite-socket queues single protocol messages, which
// lets a second client's Parse replace the first's unnamed statement between Bind and Execute
// ("portal does not exist") under concurrent load. Here a client holds the backend from its first
// message until a Sync or simple Query completes with no transaction open, so an extended-query
// sequence and a whole transaction each run as one unit.
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

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
  close(): Promise<void>;
}

export async function servePglite(db: PGlite, port: number, host = '127.0.0.1'): Promise<PgliteServer> {
  const lock = new BackendLock();
  // Each open connection, with a promise that settles once it has closed and cleaned up.
  const connections = new Map<net.Socket, Promise<void>>();

  const server = net.createServer((socket) => {
    let closed!: () => void;
    connections.set(socket, new Promise<void>((resolve) => (closed = resolve)));
    socket.setNoDelay(true);
    const owner = {};
    let buffer = Buffer.alloc(0);
    let started = false;
    let chain = Promise.resolve();

    const run = async (message: Uint8Array, endsUnit: boolean) => {
      await lock.acquire(owner);
      try {
        await db.runExclusive(() => db.execProtocolRawStream(message, { onRawData: (data) => socket.writable && socket.write(Buffer.from(data)) }));
      } finally {
        if (endsUnit && !db.isInTransaction()) lock.release(owner);
      }
    };

    const onMessages = () => {
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
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
          started = true;
          chain = chain.then(() => run(message, true));
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const type = buffer[0];
        const message = Uint8Array.prototype.slice.call(buffer, 0, length); // a copy: PGlite may keep it
        buffer = buffer.subarray(length);
        if (type === TERMINATE) {
          socket.end();
          return;
        }
        chain = chain.then(() => run(message, type === SYNC || type === QUERY));
      }
    };

    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      onMessages();
      chain = chain.catch(() => {
        socket.destroy();
      });
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
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
    /** Stops listening and waits until every connection has closed; close the database after. */
    async close() {
      const closing = [...connections.values()];
      for (const socket of connections.keys()) socket.destroy();
      await Promise.all(closing);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
