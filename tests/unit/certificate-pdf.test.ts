/**
 * The certificate prints a learner's name exactly as written, whatever the
 * language. Read back with poppler's pdftotext, a PDF reader independent of
 * pdf-lib (Debian's poppler-utils, installed by ensureDebianPackage when
 * missing, as the browser tests install Chromium).
 */
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { renderCertificatePdf } from "~/lib/certificate-pdf.server";
import { SAMPLE_CERTIFICATE, hasPdftotext, pdfTextLines } from "../pdf-text";

const NAMES = {
  Polish: "Łukasz Dąbrowski-Øvrebø",
  Czech: "Jiří Dvořák",
  Romanian: "Ștefan Țurcanu",
  Turkish: "Ağrı Işıkçı",
  Vietnamese: "Nguyễn Thị Ánh",
  Greek: "Γιώργος Παπαδόπουλος",
  Welsh: "Siôn Llŷr ap Dafydd",
};

const details = { ...SAMPLE_CERTIFICATE, organisationName: "Cyngor Sir Rhydychen – Żółć Ögrenci" };

describe("certificate PDF in every alphabet the network's members write their names in", () => {
  it("prints Polish, Czech, Romanian, Turkish, Vietnamese, Greek and Welsh names exactly", async () => {
    expect(hasPdftotext(), "pdftotext is needed").toBe(true);
    for (const [language, learnerName] of Object.entries(NAMES)) {
      const bytes = await renderCertificatePdf({ ...details, learnerName });
      const lines = pdfTextLines(bytes);
      expect(lines, language).toContain(learnerName);
      expect(lines, language).toContain(details.organisationName);
      expect(lines, language).toContain("Certificate of completion");
      expect(lines.join("\n"), language).not.toContain("?");
    }
  });

  it("embeds its own font, subset to the letters used, rather than a standard font that lacks them", async () => {
    const bytes = await renderCertificatePdf({ ...details, learnerName: NAMES.Polish });
    const pdf = await PDFDocument.load(bytes);
    const fonts = pdf.getPages()[0].node.Resources()!.lookup(PDFName.of("Font"), PDFDict);
    const baseFonts = fonts
      .values()
      .map((ref) => pdf.context.lookup(ref, PDFDict).lookup(PDFName.of("BaseFont"), PDFName).decodeText());
    expect(baseFonts.length).toBeGreaterThan(0);
    for (const name of baseFonts) expect(name).toMatch(/DejaVuSans/);
    // The whole of DejaVu Sans is over 700 kB; the subset keeps a certificate small.
    expect(bytes.length).toBeLessThan(80_000);
  });
});
