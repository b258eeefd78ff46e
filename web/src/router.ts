// The workspace's addresses under /workspace/ — real links, so Ctrl+click opens a new tab (which
// is logged in too). Every page but the login and the public lists needs a session; without one
// the login page comes, with the address to return to.
import { createRouter, createWebHistory } from 'vue-router';
import { configureApi } from './api/client';
import { currentLocale } from './i18n';
import Layout from './layout/Layout.vue';
import { clear, restore, session } from './session';
import { mayOverview } from './views/overview/access';
import { mayAudit } from './views/audit/access';
import { mayPractices } from './views/practices/access';
import { mayRecommendation } from './views/recommendation/access';
import { mayRounds } from './views/rounds/access';

export const router = createRouter({
  history: createWebHistory('/workspace/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { public: true } },
    // 公示与名单: the public lists and anonymous objections, for anyone without logging in
    {
      path: '/public',
      name: 'public-rounds',
      component: () => import('./views/public/PublicRounds.vue'),
      meta: { public: true },
    },
    // 总结推广: the practices MOFCOM published
    {
      path: '/public/practices',
      name: 'public-practices',
      component: () => import('./views/public/PublicPractices.vue'),
      meta: { public: true },
    },
    {
      path: '/public/:id',
      name: 'public-list',
      component: () => import('./views/public/PublicList.vue'),
      props: true,
      meta: { public: true },
    },
    {
      path: '/',
      component: Layout,
      children: [
        { path: '', redirect: { name: 'inbox' } },
        { path: 'inbox', name: 'inbox', component: () => import('./views/Inbox.vue') },
        { path: 'tasks/:id', name: 'task', component: () => import('./views/Task.vue'), props: true },
        { path: 'applications', name: 'applications', component: () => import('./views/Applications.vue') },
        {
          path: 'applications/:id',
          name: 'application',
          component: () => import('./views/applicant/Application.vue'),
          props: true,
        },
        // 试点实施: a pilot's quarters, reports and evaluations (id: its application's)
        { path: 'pilots/:id', name: 'pilot', component: () => import('./views/pilot/Pilot.vue'), props: true },
        // 轮次总览: national officers and a province's lead department (anyone else: the 403 page)
        {
          path: 'overview',
          name: 'overview',
          component: () => import('./views/overview/RoundOverview.vue'),
          beforeEnter: () => (mayOverview(session.user) ? true : { name: 'forbidden' }),
        },
        // 择优推荐: a unit's officers (their unit), national officers, auditors and admins (any unit)
        {
          path: 'recommendation',
          name: 'recommendation',
          component: () => import('./views/recommendation/Recommendation.vue'),
          beforeEnter: () => (mayRecommendation(session.user) ? true : { name: 'forbidden' }),
        },
        // 总结推广: officers (a province's: their province's), auditors and admins
        {
          path: 'practices',
          name: 'practices',
          component: () => import('./views/practices/Practices.vue'),
          beforeEnter: () => (mayPractices(session.user) ? true : { name: 'forbidden' }),
        },
        // 轮次管理: the administrator and national officers
        {
          path: 'rounds',
          name: 'rounds',
          component: () => import('./views/rounds/Rounds.vue'),
          beforeEnter: () => (mayRounds(session.user) ? true : { name: 'forbidden' }),
        },
        {
          path: 'rounds/:id',
          name: 'round',
          component: () => import('./views/rounds/Round.vue'),
          props: true,
          beforeEnter: () => (mayRounds(session.user) ? true : { name: 'forbidden' }),
        },
        // an application's (or its pilot's) full timeline: auditors, admins and officers (the server narrows it)
        {
          path: 'applications/:id/timeline',
          name: 'timeline',
          component: () => import('./views/audit/Timeline.vue'),
          props: (r) => ({ id: r.params.id, of: 'application' }),
          beforeEnter: () => (mayAudit(session.user) ? true : { name: 'forbidden' }),
        },
        {
          path: 'pilots/:id/timeline',
          name: 'pilot-timeline',
          component: () => import('./views/audit/Timeline.vue'),
          props: (r) => ({ id: r.params.id, of: 'pilot' }),
          beforeEnter: () => (mayAudit(session.user) ? true : { name: 'forbidden' }),
        },
        // the administrator's pages (meta.admin: anyone else is shown the 403 page)
        {
          path: 'admin/users',
          name: 'admin-users',
          component: () => import('./views/admin/Users.vue'),
          meta: { admin: true },
        },
        {
          path: 'admin/mailboxes',
          name: 'admin-mailboxes',
          component: () => import('./views/admin/Mailboxes.vue'),
          meta: { admin: true },
        },
        {
          path: 'admin/experts',
          name: 'admin-experts',
          component: () => import('./views/admin/Experts.vue'),
          meta: { admin: true },
        },
        {
          path: 'admin/calendar',
          name: 'admin-calendar',
          component: () => import('./views/admin/Calendar.vue'),
          meta: { admin: true },
        },
        { path: 'forbidden', name: 'forbidden', component: () => import('./views/Forbidden.vue') },
        { path: ':rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
      ],
    },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (await restore()) {
    if (to.meta.admin && session.user?.role !== 'admin') return { name: 'forbidden' };
    // an applicant has no inbox: their applications are where they start
    return to.name === 'inbox' && session.user?.role === 'applicant' ? { name: 'applications' } : true;
  }
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
