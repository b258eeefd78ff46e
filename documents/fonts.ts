// The documents' one typeface: Noto Sans SC (SIL Open Font License 1.1), whole TrueType files from
// the npm package @expo-google-fonts/noto-sans-sc — a production dependency, so the same files are
// there on a fresh clone, in dist/ and in the image (no system font is relied on). Every simplified
// Chinese character (the CJK Unified Ideographs and Extension A) is in it; pdfkit embeds only the
// glyphs a document uses.
const PACKAGE = '@expo-google-fonts/noto-sans-sc';

/** Resolved by Node from wherever the running file is (documents/*.ts or dist/documents/*.js). */
export const FONT_FILES = {
  normal: require.resolve(`${PACKAGE}/400Regular/NotoSansSC_400Regular.ttf`),
  bold: require.resolve(`${PACKAGE}/700Bold/NotoSansSC_700Bold.ttf`),
};

export const FONT_FAMILY = 'NotoSansSC';
