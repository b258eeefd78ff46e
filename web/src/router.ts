// The workspace's addresses under /workspace/ — real links, so Ctrl+click opens a new tab (which
// is logged in too). Every page but the login needs a session; without one the login page comes,
// with the address to return to.
import { createRouter, createWebHistory } from 'vue-router';
import { configureApi } from './api/client';
import { currentLocale } from './i18n';
import Layout from './layout/Layout.vue';
import { clear, restore, session } from './session';
import { mayOverview } from './views/overview/access';

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
        // 轮次总览: national officers and a province's lead department (anyone else: the 403 page)
        { path: 'overview', name: 'overview', component: () => import('./views/overview/RoundOverview.vue'), beforeEnter: () => (mayOverview(session.user) ? true : { name: 'forbidden' }) },
        // the administrator's pages (meta.admin: anyone else is shown the 403 page)
        { path: 'admin/users', name: 'admin-users', component: () => import('./views/admin/Users.vue'), meta: { admin: true } },
        { path: 'admin/mailboxes', name: 'admin-mailboxes', component: () => import('./views/admin/Mailboxes.vue'), meta: { admin: true } },
        { path: 'admin/experts', name: 'admin-experts', component: () => import('./views/admin/Experts.vue'), meta: { admin: true } },
        { path: 'admin/calendar', name: 'admin-calendar', component: () => import('./views/admin/Calendar.vue'), meta: { admin: true } },
        { path: 'forbidden', name: 'forbidden', component: () => import('./views/Forbidden.vue') },
        { path: ':rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
      ],
    },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (await restore()) return to.meta.admin && session.user?.role !== 'admin' ? { name: 'forbidden' } : true;
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
