// What an uploaded file really is, from its bytes (file-type reads their signature), against the
// type its uploader declared. Why: the Content-Type is the client's word — an executable, an
// archive or an HTML page sent as "application/pdf" would be stored and handed to every officer
// and auditor who downloads it as a PDF. Only the types officers attach are taken, and only when
// the bytes are that type: PDF, OFD (the national e-document format, a ZIP holding OFD.xml), PNG,
// JPEG, Word and Excel (.docx/.xlsx, ZIP-based: file-type looks inside), and plain text or CSV —
// which have no signature, so they are taken only as valid UTF-8 without NUL characters that is
// not markup a browser would render.
import { DomainError } from '../domain/errors';

export const ATTACHMENT_TYPES = [
  'application/pdf',
  'application/ofd',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

interface Found {
  ext: string;
  mime: string;
}

/** file-type is ESM-only: loaded once, on the first upload. */
let detector: Promise<(bytes: Uint8Array) => Promise<Found | undefined>> | undefined;
function fileTypeOf(bytes: Uint8Array): Promise<Found | undefined> {
  const specifier = 'file-type'; // (a variable: the CommonJS type check cannot resolve the package's ESM-only exports)
  detector ??= (
    import(specifier) as Promise<{ fileTypeFromBuffer: (b: Uint8Array) => Promise<Found | undefined> }>
  ).then((m) => m.fileTypeFromBuffer);
  return detector.then((detect) => detect(bytes));
}

const isText = (type: AttachmentType) => type === 'text/plain' || type === 'text/csv';

/** What the bytes of a text upload are not allowed to be, or undefined when they are plain text. */
function textProblem(bytes: Buffer): { zh: string; en: string } | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { zh: '不是有效的 UTF-8 文本', en: 'not valid UTF-8 text' };
  }
  if (text.includes('\u0000'))
    return { zh: '含有空字符，不是文本', en: 'binary data (it holds NUL characters), not text' };
  if (/^\uFEFF?\s*<(!doctype\s+html|html|head|body|script|svg|\?xml|iframe|object)\b/i.test(text))
    return { zh: 'HTML 或 XML 标记，不是纯文本', en: 'HTML or XML markup, not plain text' };
  return undefined;
}

/** Whether the bytes of a ZIP archive name an OFD.xml entry (an OFD document's root). */
const holdsOfdXml = (bytes: Buffer) => bytes.includes('OFD.xml');

/** The type the bytes are, when it is the declared one; else a 400 naming Content-Type and what the bytes are. */
export async function verifiedType(declared: AttachmentType, bytes: Buffer): Promise<AttachmentType> {
  const found = await fileTypeOf(bytes);
  const refuse = (what: { zh: string; en: string }) =>
    new DomainError('invalid_input', [
      {
        field: 'Content-Type',
        code: 'content_mismatch',
        message: {
          zh: `声明为 ${declared}，但文件内容是${what.zh}`,
          en: `Declared ${declared}, but the file is ${what.en}`,
        },
      },
    ]);
  if (isText(declared)) {
    if (found) throw refuse({ zh: ` ${found.mime}（.${found.ext}）`, en: `${found.mime} (.${found.ext})` });
    const problem = textProblem(bytes);
    if (problem) throw refuse(problem);
    return declared;
  }
  if (!found) throw refuse({ zh: '无法识别的格式', en: 'of no recognised format' });
  const matches: Record<Exclude<AttachmentType, 'text/plain' | 'text/csv'>, boolean> = {
    'application/pdf': found.ext === 'pdf',
    'application/ofd': found.ext === 'zip' && holdsOfdXml(bytes),
    'image/png': found.ext === 'png',
    'image/jpeg': found.ext === 'jpg',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': found.ext === 'docx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': found.ext === 'xlsx',
  };
  if (!matches[declared]) throw refuse({ zh: ` ${found.mime}（.${found.ext}）`, en: `${found.mime} (.${found.ext})` });
  // the stored type is the one the bytes were found to be (the same name as the declared one, now checked)
  return declared;
}
