// Never a blank page on an API error: whatever no page handled itself is shown as a message with
// the server's words and each field's error.
import { ElMessage } from 'element-plus';
import type { App } from 'vue';
import { ApiError } from './api/client';

export function showError(err: unknown) {
  if (err instanceof ApiError) {
    if (err.handled || err.status === 401) return;
    const fields = err.fields.map((f) => `${f.field}: ${f.message}`).join('；');
    ElMessage({
      type: 'error',
      message: fields ? `${err.message}（${fields}）` : err.message,
      showClose: true,
      duration: 6000,
    });
    return;
  }
  console.error(err);
  ElMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), showClose: true });
}

export function installErrorHandler(app: App) {
  app.config.errorHandler = (err) => showError(err);
  window.addEventListener('unhandledrejection', (e) => {
    e.preventDefault();
    showError(e.reason);
  });
}
