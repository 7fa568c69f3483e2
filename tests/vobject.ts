/**
 * Reads vCards with Python's vobject, a parser independent of ical.js and of
 * the app, the way many desktop importers read them. Debian's python3-vobject
 * is installed when missing (as root on Debian, as CI runs).
 */
import { execFileSync } from "node:child_process";
import { ensureDebianPackage } from "./debian-package";

export type VobjectCard = {
  version: string | null;
  fn: string[];
  n: { family: string; given: string } | null;
  org: string[][];
  title: string[];
  note: string[];
  email: { value: string; types: string[] }[];
  tel: { value: string; types: string[] }[];
};

const READER = String.raw`
import json, sys, vobject
def read(text):
  cards = []
  for card in vobject.readComponents(text, validate=True):
      def values(name):
          return [line.value for line in card.contents.get(name, [])]
      def typed(name):
          return [{"value": line.value, "types": [t.upper() for t in line.params.get("TYPE", [])]} for line in card.contents.get(name, [])]
      n = card.contents.get("n")
      cards.append({
          "name": card.name,
          "version": card.version.value if "version" in card.contents else None,
          "fn": values("fn"),
          "n": {"family": n[0].value.family, "given": n[0].value.given} if n else None,
          "org": values("org"),
          "title": values("title"),
          "note": values("note"),
          "email": typed("email"),
          "tel": typed("tel"),
      })
  return cards
print(json.dumps([read(text) for text in json.load(sys.stdin)]))
`;

export const VOBJECT_PATH = "/usr/lib/python3/dist-packages/vobject/__init__.py";
/** Debian's own Python, which reads the packages apt installs (a python3 earlier on PATH may not). */
const DEBIAN_PYTHON = "/usr/bin/python3";

/** True when vobject can be used (installing it when possible). */
export function hasVobject() {
  return ensureDebianPackage("python3-vobject", VOBJECT_PATH, "to read vCards back with an independent parser");
}

/**
 * For each file, every component vobject finds in it (a forged second card shows as a second entry).
 * One Python process reads them all, so a test can check many files quickly.
 */
export function readWithVobject(texts: string[]): (VobjectCard & { name: string })[][] {
  const output = execFileSync(DEBIAN_PYTHON, ["-c", READER], {
    input: JSON.stringify(texts),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output) as (VobjectCard & { name: string })[][];
}
