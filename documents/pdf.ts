// pdfmake set up once for the server: the embedded CJK font as the only family (Chinese has no
// italics: the italic styles take the upright faces), and no file or URL but the font's readable
// while rendering, so no text of an application can make the renderer fetch or read anything.
import type { DocumentDefinition } from 'pdfmake';
import { FONT_FAMILY, FONT_FILES } from './fonts';

let configured: Promise<typeof import('pdfmake').default> | undefined;

/** pdfmake, loaded and set up on the first document: every process that imports this module but renders nothing is spared it. */
function pdfmakeOnce() {
  configured ??= import('pdfmake').then(({ default: pdfmake }) => {
    const fontFiles = new Set(Object.values(FONT_FILES));
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((file) => fontFiles.has(file));
    pdfmake.setFonts({
      [FONT_FAMILY]: {
        normal: FONT_FILES.normal,
        bold: FONT_FILES.bold,
        italics: FONT_FILES.normal,
        bolditalics: FONT_FILES.bold,
      },
    });
    return pdfmake;
  });
  return configured;
}

/**
 * The document as PDF bytes. `createdAt` is its creation date, and with it the file's identifier:
 * the same content and date give the same bytes (a mail sent again carries the same file).
 */
export async function renderPdf(doc: DocumentDefinition, createdAt: Date): Promise<Buffer> {
  const pdfmake = await pdfmakeOnce();
  return pdfmake
    .createPdf({
      ...doc,
      info: { creator: 'pilotflow', producer: 'pilotflow', ...doc.info, creationDate: createdAt },
      defaultStyle: { font: FONT_FAMILY, fontSize: 10, lineHeight: 1.3, ...doc.defaultStyle },
    })
    .getBuffer();
}
