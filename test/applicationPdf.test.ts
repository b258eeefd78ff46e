// The application's PDF end to end: downloaded through GET /api/applications/:id/pdf by whoever
// may read the application, and attached to each of the eight bodies' mail when it reaches MOFCOM
// (一式八份) — rendered at send time, under the row's Message-ID on every attempt. The worker sends
// to an SMTP server of this file's own, which keeps every message whole (attachments included) and
// can refuse one with a 451, as a mail server may.
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { NATIONAL_BODIES } from '../domain/bodies';
import { departmentMailbox } from '../platform/seed';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { draft, submit } from './support/flows';
import { http, login, newApplicant, newRound, startHarness, type Harness } from './support/harness';
import { delivered } from './support/mail';
import { pdfText } from './support/pdfText';

/** Every DATA the server was sent, parsed, and whether it answered 250. */
async function keepingSmtp() {
  const received: { mail: ParsedMail; accepted: boolean }[] = [];
  let refuse: (mail: ParsedMail) => boolean = () => false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    async onData(stream, _session, callback) {
      const mail = await simpleParser(stream);
      const refused = refuse(mail);
      received.push({ mail, accepted: !refused });
      callback(refused ? Object.assign(new Error('try again later'), { responseCode: 451 }) : undefined);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    received,
    refuseWhen: (p: (mail: ParsedMail) => boolean) => (refuse = p),
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let smtp: Awaited<ReturnType<typeof keepingSmtp>>;
let h: Harness;
let roundId: string;
beforeAll(async () => {
  smtp = await keepingSmtp();
  h = await startHarness({ workerSmtpUrl: smtp.url });
  roundId = (await newRound(h)).id;
});
afterAll(async () => {
  await h.stop();
  await smtp.close();
});

const getPdf = (path: string, token?: string) =>
  fetch(h.baseUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

test("when the application's PDF is asked for, then its applicant and an officer of its province get it (application/pdf, named in UTF-8), another province's officer 403, an unknown id 404, no login 401", async () => {
  const name = `鑫堃${crypto.randomUUID().slice(0, 4)}市`;
  const applicant = await newApplicant(h, 'city', 'GD', name);
  const id = await draft(h, applicant.token, roundId, cityAnnex({ cityName: name }));
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  const [commerce, otherProvince] = await Promise.all([login(h, 'gd.commerce'), login(h, 'gs.commerce')]);

  for (const token of [applicant.token, commerce]) {
    const res = await getPdf(`/api/applications/${id}/pdf`, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="application-${id}.pdf"; filename*=UTF-8''${encodeURIComponent(`${name}-供应链创新与应用城市试点方案.pdf`)}`,
    );
    const { text } = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain(name);
    expect(text).toContain('推动完善重点产业供应链体系（农业、工业、流通）'); // cityAnnex's first task, notice §二 (1)
    expect(text).toContain(id);
  }

  const refused = await http(h.baseUrl, 'GET', `/api/applications/${id}/pdf`, { token: otherProvince });
  expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  const unknown = await http(h.baseUrl, 'GET', `/api/applications/${crypto.randomUUID()}/pdf`, { token: commerce });
  expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  expect((await http(h.baseUrl, 'GET', `/api/applications/${id}/pdf`)).status).toBe(401);
});

test("when an application reaches MOFCOM, then each of the eight bodies' mail carries it as a PDF holding the applicant's name, the applicant's own copy none; a copy refused once is sent again under the same Message-ID with the same file", async () => {
  const name = `中国鑫堃${crypto.randomUUID().slice(0, 4)}物流集团有限公司`;
  // a central enterprise goes straight to MOFCOM (notice §四(一)): the eight copies at once
  const applicant = await newApplicant(h, 'central_enterprise', null, name);
  const isMiitCopy = (m: ParsedMail) =>
    m.subject!.includes(name) && (m.to as AddressObject).value[0].address === departmentMailbox('MIIT');
  let refusedOnce = false;
  smtp.refuseWhen((m) => !refusedOnce && isMiitCopy(m) && (refusedOnce = true));
  const id = await draft(h, applicant.token, roundId, enterpriseAnnex({ legalName: name }));
  expect((await submit(h, applicant.token, id)).status).toBe(200);

  const rows = await delivered(h, { applicationId: id, event: 'submission_to_mofcom' }, 9, 60_000);
  const accepted = (messageId: string) =>
    smtp.received.filter((r) => r.accepted && r.mail.messageId === messageId).map((r) => r.mail);
  const bodies = rows.filter((r) => r.recipientKind === 'department');
  expect(bodies.map((r) => r.recipientId).sort()).toEqual(NATIONAL_BODIES.map((b) => b.code).sort());

  const files = bodies.map((r) => {
    const [mail] = accepted(r.messageId);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({
      contentType: 'application/pdf',
      filename: `${name}-供应链创新与应用试点企业申报表.pdf`,
    });
    return mail.attachments[0].content;
  });
  // one application, one document: every body's file is the same bytes
  expect(files.every((f) => f.equals(files[0]))).toBe(true);
  const { text } = await pdfText(files[0]);
  expect(text).toContain(name);
  expect(text).toContain('附件2');

  const own = rows.find((r) => r.recipientKind === 'organization')!;
  expect(accepted(own.messageId)[0].attachments).toEqual([]);

  // MIIT's copy was refused (451) once and sent again: the same Message-ID, the same file
  const miit = bodies.find((r) => r.recipientId === 'MIIT')!;
  const tries = smtp.received.filter((r) => r.mail.messageId === miit.messageId);
  expect(tries.map((t) => t.accepted)).toEqual([false, true]);
  expect(tries[0].mail.attachments[0].content.equals(tries[1].mail.attachments[0].content)).toBe(true);
});
