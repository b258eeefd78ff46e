// An audit record in words ("广东省农业农村主管部门 通过：…", "申报状态变为“已报送商务部”"), or null
// for the engine's own bookkeeping (tasks opened, reminders, failed mail), which only the technical
// view lists. The department of a record is its task's, read from the application.
import { useI18n } from 'vue-i18n';
import type { Task } from '../../api/types';
import { departmentName } from '../../departments';
import { label } from '../../i18n';
import { session } from '../../session';
import type { AuditRecord } from './types';

/** The engine's bookkeeping: listed in the technical view only. */
const TECHNICAL = new Set([
  'tasks_opened',
  'tasks_overdue',
  'tasks_withdrawn',
  'notification_failed',
  'task_reminder',
  'quarterly_report_reminder',
  'objection_receipt_sent',
]);
/** The shared history words (i18n history.*) that are not actions. */
const NOT_ACTIONS = new Set(['technical', 'someone', 'tasks_opened']);

export function useRecordWords(tasks: () => Task[]) {
  const { t, te } = useI18n();

  /** Who acted: the task's department, else the actor's role; the system as such. */
  function actorOf(r: AuditRecord): string {
    const task = r.taskId ? tasks().find((x) => x.id === r.taskId) : undefined;
    if (task?.departmentId) return departmentName(task.departmentId);
    if (r.actor === 'system' && r.actorRole === 'system') return t('audit.system');
    return te(`roles.${r.actorRole}`) ? t(`roles.${r.actorRole}`) : r.actorRole;
  }
  /** The person, where one acted: their username. */
  const personOf = (r: AuditRecord) => (r.actor === 'system' ? '' : r.actor);
  const status = (code: string | null) => (code ? label(session.reference?.statuses[code], code) : '');

  function words(r: AuditRecord): string | null {
    if (TECHNICAL.has(r.action)) return null;
    const d = r.detail ?? {};
    const who = actorOf(r);
    const because = r.reason ? t('common.sep') + r.reason : '';
    if (r.action === 'task_decided') {
      const decision =
        typeof d.decision === 'string' && te(`decisions.${d.decision}`)
          ? t(`decisions.${d.decision}`)
          : String(d.decision ?? '');
      return t('history.task_decided', { who, decision }) + because;
    }
    if (r.action === 'returned') {
      const fixes = Array.isArray(d.fixes)
        ? (d.fixes as { reason?: string }[]).map((f) => f.reason ?? '').filter(Boolean)
        : [];
      return t('history.returned') + (fixes.length ? t('common.sep') + fixes.join('；') : because);
    }
    if (!NOT_ACTIONS.has(r.action) && te(`history.${r.action}`)) return t(`history.${r.action}`, { who }) + because;
    if (te(`audit.words.${r.action}`))
      return t(`audit.words.${r.action}`, { who, name: typeof d.name === 'string' ? d.name : '' }) + because;
    if (r.toStatus) return t('audit.statusChange', { status: status(r.toStatus) }) + because;
    return null;
  }
  return { words, actorOf, personOf, status };
}
