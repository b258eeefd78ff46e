// A loopback TCP proxy a test can cut: every byte between a client (e.g. the worker's database
// pool) and a server (the database) passes through it. cut() resets every connection and stops
// listening, so new ones are refused (ECONNREFUSED) as if the server were unreachable; restore()
// listens again on the same port.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** the given URL with its host and port replaced by the proxy's */
  url(original: string): string;
  /** connections accepted so far */
  readonly accepted: number;
  readonly cutOff: boolean;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const live = new Set<net.Socket>();
  let accepted = 0;
  let cutOff = false;
  const server = net.createServer((client) => {
    accepted += 1;
    const upstream = net.connect(target.port, target.host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      live.add(a);
      a.on('close', () => {
        live.delete(a);
        b.destroy();
      });
      a.on('error', () => b.destroy());
      a.pipe(b);
    }
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  const dropAll = () => {
    for (const s of live) {
      if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
      else s.destroy();
    }
    live.clear();
  };

  return {
    port,
    url(original) {
      const u = new URL(original);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    get accepted() {
      return accepted;
    },
    get cutOff() {
      return cutOff;
    },
    async cut() {
      cutOff = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      dropAll();
      await closed;
    },
    async restore() {
      if (!cutOff) return;
      // the port was ours a moment ago; should another process have taken it meanwhile, say so
      for (let attempt = 0; ; attempt++) {
        try {
          await listen(port);
          break;
        } catch (err) {
          if (attempt >= 20) throw new Error(`the proxy cannot listen on ${port} again: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      cutOff = false;
    },
    async close() {
      const closed = cutOff ? Promise.resolve() : new Promise<void>((r) => server.close(() => r()));
      dropAll();
      await closed;
    },
  };
}
