// The login: the token in localStorage (so a new tab is logged in too), checked with GET /api/me
// when the page starts; the reference data (labels, departments) loaded once per login.
import { reactive } from 'vue';
import { api } from './api/client';
import type { Reference, User } from './api/types';

const KEY = 'pilotflow.workspace.token';

export const session = reactive({
  token: localStorage.getItem(KEY) as string | null,
  user: null as User | null,
  reference: null as Reference | null,
});

let checking: Promise<boolean> | null = null;

/** Whether the stored token is (still) good; loads the user and the reference data. */
export function restore(): Promise<boolean> {
  if (session.user) return Promise.resolve(true);
  if (!session.token) return Promise.resolve(false);
  checking ??= (async () => {
    try {
      const [user, reference] = await Promise.all([api.get('/api/me'), api.get('/api/reference')]);
      session.user = user;
      session.reference = reference;
      return true;
    } catch {
      clear();
      return false;
    } finally {
      checking = null;
    }
  })();
  return checking;
}

export async function logIn(username: string, password: string) {
  const answer = await api.post('/api/auth/login', { body: { username, password } });
  session.token = answer.token;
  localStorage.setItem(KEY, answer.token);
  session.user = null;
  await restore();
}

export async function logOut() {
  try {
    await api.post('/api/auth/logout');
  } finally {
    clear();
  }
}

export function clear() {
  session.token = null;
  session.user = null;
  localStorage.removeItem(KEY);
}
