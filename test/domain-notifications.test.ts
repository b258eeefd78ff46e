// Pure rules of notifications and deadlines: the who-hears-what table, the timeline of a due time,
// the lead of a task, the validation of a round's chains, and the bilingual message layout.
import {
  DEADLINE_STAGES,
  DEFAULT_DEADLINES,
  DEFAULT_RULES,
  deadlineSteps,
  leadDepartmentOf,
} from '../domain/deadlines';
import { NOTIFICATION_EVENTS, transitionEvent, WHO_HEARS_WHAT } from '../domain/notifications';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import { roundConfigSchema } from '../domain/roundSchema';
import { renderMessage } from '../notifications/templates';

const DAY = 86_400_000;
const provincialLead = (p: string) => `${p}.COMMERCE`;

describe('who hears what', () => {
  test('when the table is read, then every event has an audience rule and text in both languages', () => {
    for (const e of NOTIFICATION_EVENTS) {
      const rule = WHO_HEARS_WHAT[e];
      for (const t of [rule.subject, rule.lead]) {
        expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(t.en).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });

  test('when an application reaches MOFCOM, then the eight bodies hear of it (the eight copies), and the applicant', () => {
    expect(transitionEvent('forwarded', 'forwarded')).toBe('submission_to_mofcom');
    expect(transitionEvent('submitted', 'forwarded')).toBe('submission_to_mofcom'); // a central enterprise
    expect(WHO_HEARS_WHAT.submission_to_mofcom.audience).toEqual(['bodies', 'applicant']);
  });

  test('when the application is decided on, then its applicant hears of it; an internal step tells nobody', () => {
    for (const action of ['returned', 'rejected', 'lapsed', 'selected', 'not_selected'])
      expect(WHO_HEARS_WHAT[transitionEvent(action, action)!].audience).toContain('applicant');
    expect(transitionEvent('submitted', 'provincial_review')).toBeUndefined();
    expect(transitionEvent('expert_review_started', 'expert_review')).toBeUndefined();
  });

  test('when a pilot reports a major problem, then all eight bodies and its provincial commerce department hear at once', () => {
    expect(WHO_HEARS_WHAT.major_problem.audience).toEqual(['bodies', 'provincialCommerce']);
  });
});

describe('the timeline of a due time', () => {
  const due = Date.UTC(2027, 0, 15);

  test('when the chain is the default, then reminder, two levels and the default rule come in order', () => {
    const steps = deadlineSteps(due, DEFAULT_DEADLINES.provincialReview, due - 10 * DAY);
    expect(steps).toEqual([
      { kind: 'reminder', at: due - 2 * DAY },
      { kind: 'escalation', at: due, level: 1, notify: ['department', 'assignee'] },
      { kind: 'escalation', at: due + 3 * DAY, level: 2, notify: ['lead'] },
      { kind: 'default', at: due + 10 * DAY, level: 3, rule: 'return' },
    ]);
  });

  test('when the reminder time has already passed (a short task), then there is no reminder', () => {
    expect(deadlineSteps(due, DEFAULT_DEADLINES.provincialReview, due - DAY).map((s) => s.kind)).toEqual([
      'escalation',
      'escalation',
      'default',
    ]);
  });

  test('when the reminder lead time is 0, then there is no reminder', () => {
    expect(deadlineSteps(due, { ...DEFAULT_DEADLINES.provincialReview, reminderDays: 0 }, due - 10 * DAY)[0].kind).toBe(
      'escalation',
    );
  });
});

describe('the lead of a task', () => {
  test('when a provincial party other than commerce holds it, then the provincial commerce department leads', () => {
    expect(leadDepartmentOf({ departmentId: 'GD.AGRICULTURE', provinceCode: 'GD' }, provincialLead, 'MOFCOM')).toBe(
      'GD.COMMERCE',
    );
  });
  test('when the commerce department, a national body or an expert holds it, then MOFCOM leads', () => {
    expect(leadDepartmentOf({ departmentId: 'GD.COMMERCE', provinceCode: 'GD' }, provincialLead, 'MOFCOM')).toBe(
      'MOFCOM',
    );
    expect(leadDepartmentOf({ departmentId: 'PBOC', provinceCode: null }, provincialLead, 'MOFCOM')).toBe('MOFCOM');
    expect(leadDepartmentOf({ departmentId: null, provinceCode: null }, provincialLead, 'MOFCOM')).toBe('MOFCOM');
  });
});

describe("a round's chains", () => {
  const { deadlines: _omitted, ...withoutDeadlines } = DEFAULT_ROUND_CONFIG;

  test('when a stored round has no deadlines (created before they existed), then it takes the defaults', () => {
    expect(roundConfigSchema.parse(withoutDeadlines).deadlines).toEqual(DEFAULT_DEADLINES);
  });

  test("when every stage's rule is one of its own, then the round is valid", () => {
    for (const stage of DEADLINE_STAGES)
      for (const rule of DEFAULT_RULES[stage]) {
        const config = {
          ...DEFAULT_ROUND_CONFIG,
          deadlines: { ...DEFAULT_DEADLINES, [stage]: { ...DEFAULT_DEADLINES[stage], defaultRule: rule } },
        };
        expect(roundConfigSchema.safeParse(config).success).toBe(true);
      }
  });

  test('when a rule belongs to another stage, levels go backwards or the rule comes before the last level, then each path is named', () => {
    const bad = {
      ...DEFAULT_ROUND_CONFIG,
      deadlines: {
        ...DEFAULT_DEADLINES,
        expertReview: { ...DEFAULT_DEADLINES.expertReview, defaultRule: 'return' },
        provincialReview: {
          ...DEFAULT_DEADLINES.provincialReview,
          levels: [
            { afterDays: 5, notify: ['department'] },
            { afterDays: 1, notify: ['lead'] },
          ],
        },
        selectionCountersign: { ...DEFAULT_DEADLINES.selectionCountersign, defaultAfterDays: 1 },
      },
    };
    const result = roundConfigSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'deadlines.expertReview.defaultRule',
      'deadlines.provincialReview.levels',
      'deadlines.selectionCountersign.defaultAfterDays',
    ]);
  });
});

describe('the message layout', () => {
  const msg = renderMessage(
    {
      event: 'task_escalated',
      about: '深圳市 <Shenzhen>',
      applicationId: 'app-1',
      tasks: [{ id: 'app-1:pr1:ENVIRONMENT', stage: 'provincialReview', dueAt: new Date(Date.UTC(2027, 0, 15)) }],
      level: 2,
      lines: [{ zh: '说明', en: 'Note' }],
    },
    'https://pilotflow.example.org',
  );

  test('when rendered, then the subject, text and HTML carry both languages, zh-CN first', () => {
    expect(msg.subject).toBe(
      '[pilotflow] 任务已逾期（第 2 级督办） / A task is overdue (escalation level 2) — 深圳市 <Shenzhen>',
    );
    expect(msg.text.indexOf('以下任务已超过办理期限')).toBeLessThan(
      msg.text.indexOf('The task below has passed its due time'),
    );
    expect(msg.html.indexOf('lang="zh-CN"')).toBeLessThan(msg.html.indexOf('lang="en"'));
  });

  test('when rendered, then each task and the application are linked in the web page', () => {
    expect(msg.text).toContain('https://pilotflow.example.org/workspace/tasks/app-1%3Apr1%3AENVIRONMENT');
    expect(msg.text).toContain('https://pilotflow.example.org/workspace/applications/app-1');
    // the task by its stage's name and its due time in China Standard Time (00:00 UTC is 08:00 in Beijing), no raw ids
    expect(msg.text).toContain('省级联合审核任务，办理期限 2027-01-15 08:00（北京时间）');
    expect(msg.text).toContain('Task of the provincial joint review, due 2027-01-15 08:00 (China Standard Time)');
    expect(msg.text).not.toMatch(/任务 app-1|provincialReview|T00:00:00/);
    expect(msg.html).toContain('<a href="https://pilotflow.example.org/workspace/tasks/app-1%3Apr1%3AENVIRONMENT">');
  });

  test('when a fact holds markup, then the HTML escapes it', () => {
    const html = renderMessage(
      { event: 'major_problem', lines: [{ zh: '<script>x</script>', en: 'a & b' }] },
      'http://x',
    ).html;
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('a &amp; b');
    expect(html).not.toContain('<script>');
  });
});
