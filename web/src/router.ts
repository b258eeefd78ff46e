// The workspace's addresses under /workspace/ — real links, so Ctrl+click opens a new tab (which
// is logged in too). Every page but the login needs a session; without one the login page comes,
// with the address to return to.
import { createRouter, createWebHistory } from 'vue-router';
import { configureApi } from './api/client';
import { currentLocale } from './i18n';
import Layout from './layout/Layout.vue';
import { clear, restore, session } from './session';

export const router = createRouter({
  history: createWebHistory('/workspace/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { public: true } },
    {
      path: '/',
      component: Layout,
      children: [
        { path: '', redirect: { name: 'inbox' } },
        { path: 'inbox', name: 'inbox', component: () => import('./views/Inbox.vue') },
        { path: 'tasks/:id', name: 'task', component: () => import('./views/Task.vue'), props: true },
        { path: 'applications', name: 'applications', component: () => import('./views/Applications.vue') },
        { path: 'forbidden', name: 'forbidden', component: () => import('./views/Forbidden.vue') },
        { path: ':rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
      ],
    },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (await restore()) return true;
  return { name: 'login', query: { redirect: to.fullPath } };
});

configureApi({
  token: () => session.token,
  language: () => (currentLocale() === 'en' ? 'en' : 'zh-CN'),
  unauthenticated: () => {
    clear();
    const here = router.currentRoute.value;
    if (here.name !== 'login') void router.push({ name: 'login', query: { redirect: here.fullPath } });
  },
});
