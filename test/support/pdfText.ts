// A PDF's text as a reader's tool extracts it (unpdf: Mozilla's PDF.js), for tests. It runs in a
// child node process: PDF.js is an ES module, which Jest's module system cannot load on Node 20.
import { execFile } from 'node:child_process';
import path from 'node:path';

const SCRIPT = `
const { extractText, getDocumentProxy } = require('unpdf');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const pdf = await getDocumentProxy(new Uint8Array(Buffer.concat(chunks)));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  process.stdout.write(JSON.stringify({ pages: totalPages, text }));
});`;

export function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', SCRIPT],
      { cwd: path.join(__dirname, '..', '..'), maxBuffer: 64 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout))),
    );
    child.stdin!.end(pdf);
  });
}
