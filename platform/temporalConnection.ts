// Why: Temporal's frontend accepts whoever reaches it. This is the one place that turns the
// configuration (TEMPORAL_TLS*, TEMPORAL_API_KEY; platform/config.ts) into how the API, the workers
// and the tools connect: TLS with the operator's CA, a client certificate for mutual TLS, the name
// to check the server's certificate against, and an API key sent with every call.
import fs from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from './config';

type TemporalSettings = Pick<Config, 'temporalTls' | 'temporalApiKey'> & { temporalAddress?: string };

/** TLS as configured: false for plain text; the files are read now, so a wrong path fails at start-up with its name. */
export function temporalTls(
  tls: Config['temporalTls'],
  readFile: (file: string) => Buffer = (f) => fs.readFileSync(f),
): TLSConfig | false {
  if (!tls.enabled) return false;
  if (Boolean(tls.certFile) !== Boolean(tls.keyFile)) {
    throw new Error(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: mutual TLS needs both the client certificate and its key',
    );
  }
  const read = (name: string, file: string) => {
    try {
      return readFile(file);
    } catch (err) {
      throw new Error(`${name}: cannot read ${file} (${(err as Error).message})`);
    }
  };
  return {
    ...(tls.caFile ? { serverRootCACertificate: read('TEMPORAL_TLS_CA', tls.caFile) } : {}),
    ...(tls.certFile && tls.keyFile
      ? { clientCertPair: { crt: read('TEMPORAL_TLS_CERT', tls.certFile), key: read('TEMPORAL_TLS_KEY', tls.keyFile) } }
      : {}),
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
  };
}

function common(config: TemporalSettings, address: string | undefined) {
  const target = address ?? config.temporalAddress;
  if (!target) throw new Error('TEMPORAL_ADDRESS is not set');
  const tls = temporalTls(config.temporalTls);
  // With an API key and no TLS settings the SDK still connects over TLS (a key never travels in plain text).
  return {
    address: target,
    ...(tls ? { tls } : {}),
    ...(config.temporalApiKey ? { apiKey: config.temporalApiKey } : {}),
  };
}

/** For @temporalio/client's Connection.connect (the API, the tools, the worker's schedule). */
export function clientConnectionOptions(config: TemporalSettings, address?: string): ConnectionOptions {
  return common(config, address);
}

/** For @temporalio/worker's NativeConnection.connect. */
export function workerConnectionOptions(config: TemporalSettings, address?: string): NativeConnectionOptions {
  return common(config, address);
}
