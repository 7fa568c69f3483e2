/**
 * The text of a PDF's lines as poppler's pdftotext reads it: a reader independent of pdf-lib, which writes
 * the certificates. Debian's poppler-utils is installed when missing (as root on Debian, as CI runs).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDebianPackage } from "./debian-package";

const PDFTOTEXT = "/usr/bin/pdftotext";

/** A certificate's details for the tests that write one. */
export const SAMPLE_CERTIFICATE = {
  learnerName: "Jamie Rowanfield",
  organisationName: "Cherwell District Council" as string | null,
  moduleTitle: "Homelessness awareness",
  tierLabel: "Tier 3",
  completed: "1 March 2027",
  expires: null,
  code: "ABCD-EFGH",
  verifyUrl: "https://champions.example.org/verify/ABCD-EFGH",
};

export function hasPdftotext() {
  return ensureDebianPackage("poppler-utils", PDFTOTEXT, "to read certificate PDFs back");
}

/** Each line of text, trimmed and in NFC, empty lines left out. */
export function pdfTextLines(bytes: Uint8Array) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "pdf-text-"));
  try {
    const file = path.join(directory, "file.pdf");
    fs.writeFileSync(file, bytes);
    return execFileSync(PDFTOTEXT, ["-enc", "UTF-8", file, "-"], { encoding: "utf8" })
      .split("\n")
      .map((line) => line.trim().normalize("NFC"))
      .filter(Boolean);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
