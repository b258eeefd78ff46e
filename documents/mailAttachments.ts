// The files a message carries: when an application reaches MOFCOM, each of the eight bodies' copy
// of the news carries the application itself as a PDF (一式八份, notice §四(一)), and when a unit's
// recommendation does, its Annex 3 — rendered when the message is sent, never stored. The
// applicant's own copy of that news carries none.
import { NATIONAL_BODIES } from '../domain/bodies';
import type { Db } from '../platform/db';
import { recommendationOfSentKey } from '../shared/definitions';
import { annex3FileName, annex3Pdf } from './annex3';
import { annex3Table } from './annex3Source';
import { applicationPdf, applicationPdfFileName } from './applicationPdf';
import { loadApplicationDocument } from './applicationSource';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** What a message needs for its attachments: the Notification row's event and recipient. */
export interface MailFacts {
  event: string;
  eventKey: string;
  applicationId: string | null;
  recipientKind: string;
  recipientId: string;
}

const isBody = (mail: MailFacts) =>
  mail.recipientKind === 'department' && NATIONAL_BODIES.some((b) => b.code === mail.recipientId);

/**
 * The attachments of a message. An event's copies go out side by side, so those asking for the
 * same application at once share one rendering.
 */
export function mailAttachments(db: Db): (mail: MailFacts) => Promise<MailAttachment[]> {
  const rendering = new Map<string, Promise<MailAttachment[]>>();
  const render = async (applicationId: string): Promise<MailAttachment[]> => {
    const doc = await loadApplicationDocument(db, applicationId);
    if (!doc) return [];
    const content = await applicationPdf(doc.input);
    return [{ filename: applicationPdfFileName(doc.input), content, contentType: 'application/pdf' }];
  };
  const annex3 = async (recommendationId: string): Promise<MailAttachment[]> => {
    const table = await annex3Table(db, recommendationId);
    if (!table) return [];
    return [
      { filename: annex3FileName(table, 'pdf'), content: await annex3Pdf(table), contentType: 'application/pdf' },
    ];
  };
  return (mail) => {
    // a unit's recommendation reaches the bodies with its Annex 3
    if (mail.event === 'recommendation_sent' && isBody(mail)) return annex3(recommendationOfSentKey(mail.eventKey));
    const id = mail.applicationId;
    if (mail.event !== 'submission_to_mofcom' || !isBody(mail) || !id) return Promise.resolve([]);
    let files = rendering.get(id);
    if (!files) {
      files = render(id).finally(() => rendering.delete(id));
      rendering.set(id, files);
    }
    return files;
  };
}
