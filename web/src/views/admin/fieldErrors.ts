// A 400's `fields` under their fields: the server names each refused field by its path
// ("password", "organization.name", "days.3.date"); a form shows the message of each path it has
// and returns the rest, which the page shows as one message (nothing is silently dropped).
import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { ApiError } from '../../api/client';

export function useFieldErrors() {
  const errors = ref<Record<string, string>>({});
  /** Shows err's field errors (those of `known` under their fields); rethrows anything else. */
  function take(err: unknown, known: readonly string[] | ((field: string) => boolean)) {
    if (!(err instanceof ApiError) || !err.fields.length) throw err;
    err.handled = true;
    const has = typeof known === 'function' ? known : (f: string) => known.includes(f);
    const next: Record<string, string> = {};
    const elsewhere: string[] = [];
    for (const f of err.fields) {
      if (has(f.field)) next[f.field] ??= f.message;
      else elsewhere.push(`${f.field}: ${f.message}`);
    }
    errors.value = next;
    if (elsewhere.length)
      ElMessage({ type: 'error', message: `${err.message}（${elsewhere.join('；')}）`, showClose: true });
  }
  function clear() {
    errors.value = {};
  }
  /** A field's error goes once its value changes (the next submission checks it again). */
  function forget(field: string) {
    if (field in errors.value)
      errors.value = Object.fromEntries(Object.entries(errors.value).filter(([f]) => f !== field));
  }
  return { errors, take, clear, forget };
}
