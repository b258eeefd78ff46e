// Why: the SDK's connection takes one address, while a cluster has a frontend per node. In
// Kubernetes a Service spreads connections over the live frontends; on one machine this does the
// same: each new connection goes to the next backend that accepts it, so when a node dies, the
// clients' reconnections land on the nodes left.
import net from 'node:net';

export interface TcpBalancer {
  address: string;
  port: number;
  /** How many connections each backend has been given, by address. */
  connections: Record<string, number>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 2000;

function connect(backend: string): Promise<net.Socket> {
  const [host, port] = [
    backend.slice(0, backend.lastIndexOf(':')),
    Number(backend.slice(backend.lastIndexOf(':') + 1)),
  ];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    socket.once('connect', () => {
      socket.setTimeout(0);
      resolve(socket);
    });
    socket.once('timeout', () => socket.destroy(new Error(`${backend}: connect timed out`)));
    socket.once('error', reject);
  });
}

export async function startTcpBalancer(backends: string[], port = 0, host = '127.0.0.1'): Promise<TcpBalancer> {
  const connections = Object.fromEntries(backends.map((b) => [b, 0]));
  const open = new Set<net.Socket>();
  let next = 0;
  const server = net.createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    void (async () => {
      const first = next++ % backends.length;
      for (let i = 0; i < backends.length && !client.destroyed; i++) {
        const backend = backends[(first + i) % backends.length];
        const upstream = await connect(backend).catch(() => undefined);
        if (!upstream) continue;
        connections[backend]++;
        open.add(upstream);
        upstream.once('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => upstream.destroy());
        client.once('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        return;
      }
      client.destroy(); // no backend is up: the client sees the connection closed and retries
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as net.AddressInfo).port;
  return {
    address: `${host}:${bound}`,
    port: bound,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
