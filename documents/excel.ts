// ExcelJS is loaded with the first workbook, not with the API: most requests never build one, and
// loading it is a good part of the API's start-up.
import type ExcelJS from 'exceljs';

export const loadExcelJS = (): Promise<typeof ExcelJS> => import('exceljs').then((m) => m.default);
