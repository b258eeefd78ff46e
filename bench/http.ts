// The bench's HTTP client: one JSON call, timed from request to the whole response read.
export interface Timed {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<Timed> {
  const started = process.hrtime.bigint();
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { status: res.status, body: text ? JSON.parse(text) : undefined, ms };
}

/** The call, which must answer `status`: anything else stops the bench, saying what came back. */
export async function expectCall(
  status: number,
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<Timed> {
  const res = await call(baseUrl, method, path, opts);
  if (res.status !== status)
    throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}
