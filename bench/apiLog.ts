// How long the API itself took for each decision: its request log's `ms` (the production log line).
import fs from 'node:fs';
import { latency, type Latency } from './stats';

export function decisionsInApi(logFile: string): Latency {
  const ms: number[] = [];
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('"msg":"request"') || !line.includes('/decision')) continue;
    const entry = JSON.parse(line) as { url: string; ms: number; status: number };
    if (entry.url.endsWith('/decision') && entry.status === 200) ms.push(entry.ms);
  }
  return latency(ms);
}
