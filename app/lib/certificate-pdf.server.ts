import fs from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont } from "pdf-lib";
import { singleLine } from "./plain-text";

export type CertificateDetails = {
  learnerName: string;
  organisationName: string | null;
  moduleTitle: string;
  tierLabel: string;
  completed: string;
  expires: string | null;
  code: string;
  verifyUrl: string;
};

const A4 = { width: 595.28, height: 841.89 };
const BRAND = rgb(0.114, 0.31, 0.227);

/**
 * DejaVu Sans (the dejavu-fonts-ttf package; Bitstream Vera licence, DejaVu's
 * changes public domain: free to redistribute and embed) covers Latin with
 * every European and Vietnamese letter, Greek and Cyrillic. The standard PDF
 * fonts cover only Windows-1252, which printed "Łukasz" as "?ukasz". Read from
 * the installed package once, never fetched; each PDF embeds only the glyphs
 * it uses.
 */
const fontFiles = { regular: "dejavu-fonts-ttf/ttf/DejaVuSans.ttf", bold: "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf" };
let fontBytes: Promise<{ regular: Buffer; bold: Buffer }> | undefined;

function loadFonts() {
  const require = createRequire(import.meta.url);
  fontBytes ??= Promise.all([
    fs.readFile(require.resolve(fontFiles.regular)),
    fs.readFile(require.resolve(fontFiles.bold)),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fontBytes;
}

type FontkitFont = ReturnType<typeof fontkit.create> & { _tables: Record<string, unknown> };
const decodedTables = new Map<Uint8Array, Record<string, unknown>>();

/**
 * fontkit for pdf-lib, decoding each font's tables (kerning and shaping rules above all) once per process
 * rather than once per certificate, which made a certificate several times slower to write. Each document
 * still gets its own font object: its cache of glyphs (and the letters each glyph stands for, which the
 * PDF's text layer is made from) is its own, since the subsetter adds glyphs to it without their letters.
 */
const sharedTablesFontkit: typeof fontkit = {
  create(bytes, postscriptName) {
    const font = fontkit.create(bytes, postscriptName) as FontkitFont;
    const tables = decodedTables.get(bytes);
    if (tables) font._tables = tables;
    else decodedTables.set(bytes, font._tables);
    return font;
  },
};

/**
 * One line the font can draw. Control characters go first (a line break
 * would make pdf-lib start a new line over the text below; tabs and line
 * breaks become spaces). A letter the font lacks keeps its base letter where
 * it has one, and is drawn as "?" otherwise.
 */
const characterSets = new WeakMap<PDFFont, Set<number>>();

function printable(font: PDFFont, text: string) {
  let supported = characterSets.get(font);
  if (!supported) characterSets.set(font, (supported = new Set(font.getCharacterSet())));
  return [...singleLine(text)]
    .map((char) => {
      if (supported.has(char.codePointAt(0)!)) return char;
      const base = char.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      return [...base].every((c) => supported.has(c.codePointAt(0)!)) && base ? base : "?";
    })
    .join("");
}

function centred(
  page: ReturnType<PDFDocument["addPage"]>,
  font: PDFFont,
  text: string,
  size: number,
  y: number,
  colour = rgb(0.04, 0.05, 0.05),
) {
  const safe = printable(font, text);
  // Shrink long lines to fit the page (in half points, to 8 at the least): width grows in proportion to size.
  const widthAtOne = font.widthOfTextAtSize(safe, 1);
  const fitting = Math.floor(((A4.width - 120) / Math.max(widthAtOne, 1e-6)) * 2) / 2;
  const fontSize = Math.max(8, Math.min(size, fitting));
  const width = widthAtOne * fontSize;
  page.drawText(safe, { x: (A4.width - width) / 2, y, size: fontSize, font, color: colour });
}

/** One A4 page: who completed what and when, and how to verify it. */
export async function renderCertificatePdf(details: CertificateDetails) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(singleLine(`Certificate: ${details.moduleTitle} – ${details.learnerName}`));
  pdf.setAuthor("Oxfordshire Homelessness Champions Network");
  pdf.setSubject(singleLine(`Verification code ${details.code}`));
  pdf.setLanguage("en-GB");
  const page = pdf.addPage([A4.width, A4.height]);
  pdf.registerFontkit(sharedTablesFontkit);
  const fonts = await loadFonts();
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });

  page.drawRectangle({
    x: 30,
    y: 30,
    width: A4.width - 60,
    height: A4.height - 60,
    borderColor: BRAND,
    borderWidth: 4,
  });
  page.drawRectangle({
    x: 40,
    y: 40,
    width: A4.width - 80,
    height: A4.height - 80,
    borderColor: BRAND,
    borderWidth: 1,
  });

  let y = A4.height - 140;
  centred(page, bold, "OXFORDSHIRE HOMELESSNESS CHAMPIONS NETWORK", 12, y, BRAND);
  y -= 60;
  centred(page, bold, "Certificate of completion", 30, y);
  y -= 60;
  centred(page, regular, "This certifies that", 14, y);
  y -= 45;
  centred(page, bold, details.learnerName, 28, y);
  if (details.organisationName) {
    y -= 30;
    centred(page, regular, details.organisationName, 14, y);
  }
  y -= 50;
  centred(page, regular, "has completed the e-learning module and passed its knowledge check", 14, y);
  y -= 45;
  centred(page, bold, details.moduleTitle, 22, y);
  y -= 28;
  centred(page, regular, details.tierLabel, 14, y);
  y -= 60;
  centred(page, regular, `Completed on ${details.completed}`, 14, y);
  y -= 22;
  centred(page, regular, details.expires ? `Valid until ${details.expires}` : "Does not expire", 14, y);

  y = 150;
  centred(page, bold, "Verification code", 12, y);
  y -= 20;
  centred(page, regular, details.code, 14, y);
  y -= 22;
  centred(page, regular, `Check it at ${details.verifyUrl}`, 11, y);
  return pdf.save();
}
