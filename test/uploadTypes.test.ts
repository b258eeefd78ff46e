// Uploads are taken for what their bytes are, not for the Content-Type the client declares: each
// type officers attach is taken when the bytes are that type and stored (and served back) as it;
// an executable, an archive, a web page or another document sent under an accepted type is
// refused with 400 naming Content-Type and what the bytes are, and nothing is stored.
import { cityAnnex } from './support/fixtures';
import { http, login, newApplicant, newRound, startHarness, type Harness } from './support/harness';
import { docx, ofd, xlsx, zip } from './support/zip';

const PROVINCE = 'NX';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(17)]);
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(16)]);
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.from('90000300000004000000ffff0000b800', 'hex'),
  Buffer.alloc(64),
]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
const TEXT = Buffer.from('环保意见：同意。\nOpinion: approve.\n');
const CSV = Buffer.from('指标,数值\n库存周转天数,12\n');
const GBK = Buffer.from([0xbb, 0xb7, 0xb1, 0xa3, 0xd2, 0xe2, 0xbc, 0xfb]); // 环保意见 in GBK: not UTF-8

const WORD = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const EXCEL = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let h: Harness;
let officer: string;
let taskId: string;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  officer = await login(h, `${PROVINCE.toLowerCase()}.commerce`);
  // an open review task of the province's commerce department (no workflow is needed to attach files)
  const applicant = await newApplicant(h, 'city', PROVINCE);
  const round = await newRound(h);
  const app = await h.db.application.create({
    data: {
      roundId: round.id,
      organizationId: applicant.org.id,
      kind: 'city',
      provinceCode: PROVINCE,
      annex: cityAnnex({ cityName: '银川市' }),
    },
  });
  taskId = `${app.id}:uploads:commerce`;
  await h.db.task.create({
    data: {
      id: taskId,
      applicationId: app.id,
      roundId: round.id,
      workflowId: 'none',
      reviewRound: 1,
      provinceCode: PROVINCE,
      dueAt: new Date(Date.now() + 30 * 86_400_000),
      stage: 'provincialReview',
      departmentId: `${PROVINCE}.COMMERCE`,
    },
  });
});
afterAll(() => h?.stop());

async function upload(name: string, type: string, bytes: Buffer) {
  const res = await fetch(
    `${h.baseUrl}/api/tasks/${encodeURIComponent(taskId)}/attachments?name=${encodeURIComponent(name)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': type, 'accept-language': 'en' },
      body: bytes,
    },
  );
  return {
    status: res.status,
    body: (await res.json()) as {
      contentType?: string;
      id?: string;
      error?: { code: string; fields: { field: string; code: string; message: string }[] };
    },
  };
}

test.each([
  ['a PDF', 'opinion.pdf', 'application/pdf', PDF],
  ['an OFD document', 'opinion.ofd', 'application/ofd', ofd()],
  ['a PNG scan', 'scan.png', 'image/png', PNG],
  ['a JPEG photo', 'photo.jpg', 'image/jpeg', JPEG],
  ['a Word document', 'opinion.docx', WORD, docx()],
  ['an Excel workbook', 'figures.xlsx', EXCEL, xlsx()],
  ['UTF-8 text', 'opinion.txt', 'text/plain; charset=utf-8', TEXT],
  ['a UTF-8 CSV', 'figures.csv', 'text/csv', CSV],
])(
  'when an officer uploads %s under its own type, then it is stored as that type and served back as it',
  async (_what, name, type, bytes) => {
    const saved = await upload(name, type, bytes);
    expect(saved.status).toBe(201);
    const expected = type.split(';')[0];
    expect(saved.body.contentType).toBe(expected);
    const file = await fetch(`${h.baseUrl}/api/attachments/${saved.body.id}`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')?.split(';')[0]).toBe(expected);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  },
);

test.each([
  ['an executable', 'application/pdf', EXE, 'application/x-msdownload'],
  ['a ZIP archive', 'application/pdf', zip({ 'payload.bin': 'x' }), 'application/zip'],
  ['a web page', 'application/pdf', HTML, 'no recognised format'],
  ['a web page', 'text/plain', HTML, 'markup'],
  ['an SVG image with a script', 'text/plain', SVG, 'markup'],
  ['a PDF', 'text/plain', PDF, 'application/pdf'],
  ['an executable', 'text/plain', EXE, 'application/x-msdownload'],
  ['GBK-encoded text', 'text/plain', GBK, 'UTF-8'],
  ['text with NUL characters', 'text/csv', Buffer.from('a,b\n1,\u0000\n'), 'NUL'],
  ['a Word document', EXCEL, docx(), WORD],
  ['a plain ZIP archive', WORD, zip({ 'a.txt': 'x' }), 'application/zip'],
  ['a ZIP archive without OFD.xml', 'application/ofd', zip({ 'Doc_0/Document.xml': '<x/>' }), 'application/zip'],
  ['a PNG image', 'image/jpeg', PNG, 'image/png'],
])(
  'when %s is uploaded declared as %s, then 400 names Content-Type and what the bytes are, and nothing is stored',
  async (_what, declared, bytes, found) => {
    const before = await h.db.attachment.count({ where: { taskId } });
    const refused = await upload('file.pdf', declared, bytes);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.fields).toEqual([
      expect.objectContaining({ field: 'Content-Type', code: 'content_mismatch' }),
    ]);
    expect(refused.body.error!.fields[0].message).toContain(`Declared ${declared}`);
    expect(refused.body.error!.fields[0].message).toContain(found);
    expect(await h.db.attachment.count({ where: { taskId } })).toBe(before);
  },
);

test('when the task page lists the attachments, then each carries the type its bytes were found to be', async () => {
  const page = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(taskId)}`, { token: officer });
  const types = (page.body.attachments as { name: string; contentType: string }[]).map((a) => [a.name, a.contentType]);
  expect(types).toEqual(
    expect.arrayContaining([
      ['opinion.docx', WORD],
      ['opinion.ofd', 'application/ofd'],
      ['figures.csv', 'text/csv'],
    ]),
  );
});
