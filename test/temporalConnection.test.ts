// How pilotflow reaches Temporal beyond an address (platform/temporalConnection.ts): the options
// built from TEMPORAL_TLS_* and TEMPORAL_API_KEY, and — end to end — the API's client and the
// worker's native connection over mutual TLS to a frontend that requires a client certificate
// (the dev server behind a TLS-terminating proxy that asks for one), refused without it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { clientConnectionOptions, temporalTls, workerConnectionOptions } from '../platform/temporalConnection';
import { env } from './support/harness';

const off = { enabled: false };

describe('connection options', () => {
  test('when TLS is off, then the options are the address alone; an API key is added as given (the SDK then uses TLS)', () => {
    expect(clientConnectionOptions({ temporalTls: off, temporalAddress: 'temporal:7233' })).toEqual({
      address: 'temporal:7233',
    });
    expect(workerConnectionOptions({ temporalTls: off, temporalApiKey: 'k-123' }, 'cloud.example.org:7233')).toEqual({
      address: 'cloud.example.org:7233',
      apiKey: 'k-123',
    });
    expect(() => clientConnectionOptions({ temporalTls: off })).toThrow('TEMPORAL_ADDRESS');
  });

  test('when TLS is on, then the CA, the client pair and the server name are read from the configured files', () => {
    const files: Record<string, string> = { '/ca': 'CA', '/crt': 'CRT', '/key': 'KEY' };
    const read = (f: string) => Buffer.from(files[f]);
    expect(temporalTls({ enabled: true }, read)).toEqual({});
    const full = temporalTls(
      { enabled: true, caFile: '/ca', certFile: '/crt', keyFile: '/key', serverName: 'temporal.internal' },
      read,
    );
    expect(full).toEqual({
      serverRootCACertificate: Buffer.from('CA'),
      clientCertPair: { crt: Buffer.from('CRT'), key: Buffer.from('KEY') },
      serverNameOverride: 'temporal.internal',
    });
  });

  test('when a certificate comes without its key, or a file cannot be read, then start-up fails naming the variable', () => {
    expect(() => temporalTls({ enabled: true, certFile: '/crt' })).toThrow(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together',
    );
    expect(() => temporalTls({ enabled: true, caFile: '/nowhere/ca.pem' })).toThrow(
      /^TEMPORAL_TLS_CA: cannot read \/nowhere\/ca\.pem/,
    );
  });
});

describe('mutual TLS end to end', () => {
  let dir: string;
  let proxy: tls.Server;
  let address: string;
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  /** a P-256 key and a certificate for `cn` signed by the test CA */
  const issue = (name: string, cn: string, ext: string) => {
    fs.writeFileSync(file(`${name}.ext`), ext);
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${cn}`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-tls-'));
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '1',
      '-subj',
      '/CN=pilotflow test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    issue(
      'server',
      'temporal.test',
      'subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
    );
    issue('client', 'pilotflow-worker', 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
    // The frontend as a TLS cluster runs it: a client certificate of the CA is required; gRPC (HTTP/2) passes through to the dev server.
    const [host, port] = env.temporalAddress().split(':');
    proxy = tls.createServer(
      {
        key: fs.readFileSync(file('server.key')),
        cert: fs.readFileSync(file('server.crt')),
        ca: fs.readFileSync(file('ca.crt')),
        requestCert: true,
        rejectUnauthorized: true,
        ALPNProtocols: ['h2'],
      },
      (socket) => {
        const upstream = net.connect(Number(port), host);
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      },
    );
    proxy.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const settings = (withClientCert: boolean) => ({
    temporalTls: {
      enabled: true,
      caFile: file('ca.crt'),
      serverName: 'temporal.test',
      ...(withClientCert ? { certFile: file('client.crt'), keyFile: file('client.key') } : {}),
    },
  });

  test("when the API's client and the worker's connection present the client certificate, then Temporal answers through TLS", async () => {
    const client = await Connection.connect({
      ...clientConnectionOptions(settings(true), address),
      connectTimeout: 10_000,
    });
    try {
      expect((await client.workflowService.getSystemInfo({})).serverVersion).toBeTruthy();
    } finally {
      await client.close();
    }
    const native = await NativeConnection.connect(workerConnectionOptions(settings(true), address));
    await native.close();
  });

  test('when the client certificate is missing, or the server is not checked against the CA, then no connection is made', async () => {
    await expect(
      Connection.connect({ ...clientConnectionOptions(settings(false), address), connectTimeout: 3_000 }),
    ).rejects.toThrow();
    await expect(NativeConnection.connect(workerConnectionOptions(settings(false), address))).rejects.toThrow();
    // trusting the system's CAs only: the test CA's server certificate is refused
    const noCa = {
      temporalTls: {
        enabled: true,
        certFile: file('client.crt'),
        keyFile: file('client.key'),
        serverName: 'temporal.test',
      },
    };
    await expect(
      Connection.connect({ ...clientConnectionOptions(noCa, address), connectTimeout: 3_000 }),
    ).rejects.toThrow();
  });
});
