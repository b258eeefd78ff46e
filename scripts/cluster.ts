// `npm run cluster`: pilotflow on a two-node Temporal cluster on PostgreSQL (bench/cluster.ts), to
// try the scale-out path on one machine. The server is built from go.temporal.io/server on first
// use (~5 min, kept in .tools/). Ctrl-C stops everything; starting again keeps the data.
//
//   CLUSTER_POSTGRES_URL=postgresql://user:password@host:5432/postgres npm run cluster
import path from 'node:path';
import { startClusterSystem } from '../bench/cluster';
import { DEMO_PASSWORD } from '../platform/seed';

const SERVER_URL = process.env.CLUSTER_POSTGRES_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';

async function main() {
  const system = await startClusterSystem({
    serverUrl: SERVER_URL,
    name: 'pilotflow_cluster',
    dir: path.join(__dirname, '..', 'data', 'cluster'),
    apiPort: Number(process.env.PORT ?? 3000),
    log: (line) => console.log(line),
  });
  const shards = await system.cluster.shardsByNode();
  console.log(`
pilotflow on a Temporal cluster
  workspace   ${system.baseUrl}/workspace/   (demo accounts, password ${DEMO_PASSWORD})
  Temporal    ${system.temporal.address} → ${system.cluster.nodes.map((n, i) => `${n.frontend} (${shards[i]} shards)`).join(', ')}
  processes   ${[...system.workers, ...system.apis].map((p) => `${p.name} pid ${p.child()?.pid}`).join(', ')}
  logs        ${path.join('data', 'cluster')}/
Kill a node to watch its shards move: kill -9 $(pgrep -f 'node-1.yaml')`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping');
    void system.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
