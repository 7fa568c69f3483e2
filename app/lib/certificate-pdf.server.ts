import { PDFDocument, StandardFonts, rgb, type PDFFont } from "pdf-lib";
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
 * One line the font can draw. Control characters go first (a line break
 * would make pdf-lib start a new line over the text below; tabs and line
 * breaks become spaces). The standard PDF fonts only cover Windows-1252:
 * letters outside it keep their base letter where they have one (Ł → L is
 * not possible, so "?").
 */
function printable(font: PDFFont, text: string) {
  const supported = new Set(font.getCharacterSet());
  return [...singleLine(text)]
    .map((char) => {
      if (supported.has(char.codePointAt(0)!)) return char;
      const base = char.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      return [...base].every((c) => supported.has(c.codePointAt(0)!)) && base ? base : "?";
    })
    .join("");
}

function centred(page: ReturnType<PDFDocument["addPage"]>, font: PDFFont, text: string, size: number, y: number, colour = rgb(0.04, 0.05, 0.05)) {
  const safe = printable(font, text);
  // Shrink long lines to fit the page.
  let fontSize = size;
  while (font.widthOfTextAtSize(safe, fontSize) > A4.width - 120 && fontSize > 8) fontSize -= 0.5;
  const width = font.widthOfTextAtSize(safe, fontSize);
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
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);

  page.drawRectangle({ x: 30, y: 30, width: A4.width - 60, height: A4.height - 60, borderColor: BRAND, borderWidth: 4 });
  page.drawRectangle({ x: 40, y: 40, width: A4.width - 80, height: A4.height - 80, borderColor: BRAND, borderWidth: 1 });

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
