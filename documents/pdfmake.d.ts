// pdfmake 0.3 as the server uses it. Declared here rather than taken from @types/pdfmake, whose
// `/// <reference lib="dom" />` would give every file of the project the browser's types.
declare module 'pdfmake' {
  /** A node of a document: a text, or an object such as { text }, { table }, { columns }, { stack } (pdfmake's documentation). */
  export type Content = string | { [property: string]: unknown };

  export interface DocumentDefinition {
    content: Content[];
    pageSize?: 'A4';
    pageOrientation?: 'portrait' | 'landscape';
    /** left, top, right, bottom, in points */
    pageMargins?: [number, number, number, number];
    info?: { title?: string; subject?: string; creator?: string; producer?: string; creationDate?: Date };
    defaultStyle?: { [property: string]: unknown };
    footer?: (currentPage: number, pageCount: number) => Content;
    /** whether a node starts a new page, given what follows it on its page (pdfmake 0.3's node queries) */
    pageBreakBefore?: (node: PlacedNode, queries: { getFollowingNodesOnPage(): PlacedNode[] }) => boolean;
  }

  /** A node as laid out: where it starts (points from the top of its page) */
  export interface PlacedNode {
    headlineLevel?: number;
    startPosition: { pageNumber: number; top: number };
  }

  export interface FontFiles {
    normal: string;
    bold: string;
    italics: string;
    bolditalics: string;
  }

  interface Pdfmake {
    createPdf(doc: DocumentDefinition): { getBuffer(): Promise<Buffer> };
    setFonts(fonts: Record<string, FontFiles>): void;
    /** whether the renderer may fetch a URL a document names */
    setUrlAccessPolicy(allow: (url: string) => boolean): void;
    /** whether the renderer may read a local file (a font, an image) */
    setLocalAccessPolicy(allow: (path: string) => boolean): void;
  }

  const pdfmake: Pdfmake;
  export default pdfmake;
}
