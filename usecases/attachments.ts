// Files an officer attaches to a task before deciding it (a signed opinion, a scanned form). The
// upload is stored with its SHA-256; the decision cites it by id, and the workflow history holds
// the id, name and hash, so an auditor can tell years later that the file is the one decided on.
import crypto from 'node:crypto';
import { DomainError } from '../domain/errors';
import type { AttachmentRef } from '../shared/definitions';
import { appendAudit } from '../platform/audit';
import { actorOf, canWorkTask } from './access';
import { ATTACHMENT_TYPES, type AttachmentType, verifiedType } from './attachmentTypes';
import type { CurrentUser, UseCaseDeps } from './context';

export { ATTACHMENT_TYPES } from './attachmentTypes';
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_PER_TASK = 20;

const field = (name: string, zh: string, en: string) =>
  new DomainError('invalid_input', [{ field: name, code: 'invalid_value', message: { zh, en } }]);

function attachmentView(a: {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
  uploadedById: string;
}) {
  return {
    id: a.id,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    uploadedById: a.uploadedById,
    createdAt: a.createdAt,
  };
}

export async function uploadAttachment(
  deps: UseCaseDeps,
  user: CurrentUser,
  taskId: string,
  file: { name: unknown; contentType: string | undefined; data: unknown; otherParams?: string[] },
) {
  const task = await deps.db.task.findUnique({ where: { id: taskId } });
  if (!task) throw new DomainError('not_found');
  if (!canWorkTask(user, task)) throw new DomainError('not_your_task');
  if (task.status !== 'open') throw new DomainError('already_decided');
  // ?name= is the only query parameter (as documented): anything else is a mistake, not ignored
  if (file.otherParams?.length)
    throw new DomainError(
      'invalid_input',
      file.otherParams.map((p) => ({
        field: p,
        code: 'unknown_field',
        message: { zh: '不允许的字段', en: 'Unknown field' },
      })),
    );
  const name = typeof file.name === 'string' ? file.name.trim() : '';
  if (!name || name.length > 200 || /[/\\\u0000-\u001f]/.test(name))
    throw field('name', '须给出文件名（不含路径，200 字以内）', 'Give the file name (no path, at most 200 characters)');
  const declaredType = (file.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(declaredType))
    throw field('Content-Type', `仅接受：${ATTACHMENT_TYPES.join('、')}`, `Accepted: ${ATTACHMENT_TYPES.join(', ')}`);
  if (!Buffer.isBuffer(file.data) || file.data.length === 0) throw field('(body)', '文件内容为空', 'The file is empty');
  // the type stored (and answered on download) is the one the bytes were found to be
  const storedType = await verifiedType(declaredType as AttachmentType, file.data);
  if ((await deps.db.attachment.count({ where: { taskId } })) >= MAX_PER_TASK)
    throw field('(body)', `每项任务最多 ${MAX_PER_TASK} 个附件`, `At most ${MAX_PER_TASK} attachments per task`);
  const sha256 = crypto.createHash('sha256').update(file.data).digest('hex');
  const data = file.data;
  const saved = await deps.db.$transaction(async (tx) => {
    const row = await tx.attachment.create({
      data: {
        taskId,
        uploadedById: user.id,
        name,
        contentType: storedType,
        size: data.length,
        sha256,
        data: new Uint8Array(data),
      },
    });
    await appendAudit(tx, {
      applicationId: task.applicationId ?? undefined,
      roundId: task.roundId ?? undefined,
      eventKey: `attachment/${row.id}`,
      action: 'attachment_uploaded',
      actor: actorOf(user),
      taskId,
      detail: { attachmentId: row.id, name, contentType: storedType, size: data.length, sha256 },
    });
    return row;
  });
  return attachmentView(saved);
}

/** The task's attachments, without their bytes. */
export async function listAttachments(deps: UseCaseDeps, taskId: string) {
  const rows = await deps.db.attachment.findMany({
    where: { taskId },
    omit: { data: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(attachmentView);
}

/** An attachment's bytes, for whoever may read its task. */
export async function downloadAttachment(
  deps: UseCaseDeps,
  user: CurrentUser,
  id: string,
  mayReadTask: (task: {
    departmentId: string | null;
    assigneeId: string | null;
    stage: string;
    provinceCode: string | null;
  }) => boolean,
) {
  const found = await deps.db.attachment.findUnique({ where: { id } });
  if (!found) throw new DomainError('not_found');
  const task = await deps.db.task.findUniqueOrThrow({ where: { id: found.taskId } });
  if (!mayReadTask(task) && user.id !== found.uploadedById) throw new DomainError('forbidden');
  return { ...attachmentView(found), data: Buffer.from(found.data) };
}

/** The attachments a decision cites: uploaded to this task by the deciding officer. */
export async function citedAttachments(
  deps: UseCaseDeps,
  user: CurrentUser,
  taskId: string,
  ids: string[] | undefined,
): Promise<AttachmentRef[] | undefined> {
  if (!ids?.length) return undefined;
  const rows = await deps.db.attachment.findMany({
    where: { id: { in: ids }, taskId, uploadedById: user.id },
    select: { id: true, name: true, sha256: true },
  });
  if (rows.length !== new Set(ids).size)
    throw field('attachments', '须为您上传到本任务的附件', 'Must be files you uploaded to this task');
  return ids.map((id) => rows.find((r) => r.id === id)!);
}
