// A file the API sends as an attachment, fetched with the session's token (a plain link would go
// without it) and saved under `name`; a refusal comes as the API client's ApiError.
import { ApiError } from '../../api/client';
import { currentLocale } from '../../i18n';
import { session } from '../../session';

export async function downloadCsv(path: string, name: string) {
  const res = await fetch(path, {
    headers: { authorization: `Bearer ${session.token ?? ''}`, 'accept-language': currentLocale() },
  });
  if (!res.ok) {
    const error = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null)
      ?.error;
    throw new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? `HTTP ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
