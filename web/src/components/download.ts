// Files behind the bearer token (an attachment, the overview's workbook): fetched with the
// session's token and handed to the browser as a download through an object URL; uploads of raw
// bytes (the API client speaks JSON only). A refusal is an ApiError, as the client's.
import { ApiError } from '../api/client';
import { currentLocale } from '../i18n';
import { session } from '../session';

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
    'accept-language': currentLocale() === 'en' ? 'en' : 'zh-CN',
    ...extra,
  };
}

async function refusal(res: Response): Promise<ApiError> {
  const error = (
    (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string; fields?: { field: string; code: string; message: string }[] };
    } | null
  )?.error;
  return new ApiError(
    res.status,
    error?.code ?? `http_${res.status}`,
    error?.message ?? `HTTP ${res.status}`,
    error?.fields ?? [],
  );
}

/** The file's name from Content-Disposition (filename*=UTF-8''…), else the fallback. */
function nameOf(res: Response, fallback: string): string {
  const m = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get('content-disposition') ?? '');
  return m ? decodeURIComponent(m[1]) : fallback;
}

export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { headers: headers() });
  if (!res.ok) throw await refusal(res);
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: nameOf(res, fallbackName) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function uploadFile<T>(path: string, file: Blob, contentType: string): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: headers({ 'content-type': contentType, accept: 'application/json' }),
    body: file,
  });
  if (!res.ok) throw await refusal(res);
  return (await res.json()) as T;
}
