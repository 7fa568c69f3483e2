/**
 * Finds text in a free-text note that looks like personal data the prevention
 * log must never hold: an email address, a UK phone number, a National
 * Insurance number, a UK postcode or a date of birth. Names cannot be told from
 * other words and are not looked for. Answers only the kinds found, never the
 * text itself, so nothing found is echoed into messages or logs.
 */
export const PERSONAL_DATA_KINDS = [
  "email address",
  "phone number",
  "National Insurance number",
  "postcode",
  "date of birth",
] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

const EMAIL = /[A-Za-z0-9._%+-]+\s*@\s*[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

// A run that starts like a UK number (0..., (0..., +44..., 0044...) and goes on in digits and separators.
const PHONE_RUN = /(?:\+\s*44|\b0044|\(\s*0|\b0)[\d\s().-]{8,20}\d/g;

// Two letters, six digits in pairs, an optional final letter A-D: spaces optional (QQ 12 34 56 C, qq123456c).
const NATIONAL_INSURANCE = /\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}(?:\s?[A-D])?\b/i;

// Outward code (OX1, OX14, SW1A, M1) then the inward code (1AA); the space is optional (ox11aa).
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b/i;

const MONTHS =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const NUMERIC_DATE = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/g;
const WORDED_DATE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?,?\\s+(\\d{4})\\b`, "gi");
const BIRTH_WORDS = /\b(?:d\.?\s?o\.?\s?b\.?|date of birth|born)\b/i;

function looksLikePhone(text: string) {
  for (const match of text.matchAll(PHONE_RUN)) {
    let digits = match[0].replace(/\D/g, "");
    if (digits.startsWith("0044")) digits = digits.slice(2);
    if (digits.startsWith("44")) digits = digits.slice(2).startsWith("0") ? digits.slice(2) : `0${digits.slice(2)}`;
    if (digits.length >= 10 && /^0[1-35789]/.test(digits)) return true;
  }
  return false;
}

/**
 * A full date whose year is at least ten years ago (nobody logs an action that
 * old, so it is someone's birthday), or any full date after "DOB" or "born".
 */
function looksLikeDateOfBirth(text: string, now: Date) {
  const thisYear = now.getUTCFullYear();
  const years: number[] = [];
  for (const m of text.matchAll(NUMERIC_DATE)) {
    const [day, month] = [Number(m[1]), Number(m[2])];
    if (day < 1 || day > 31 || month < 1 || month > 12) continue;
    const year = m[3].length === 4 ? Number(m[3]) : Number(m[3]) + (Number(m[3]) > thisYear % 100 ? 1900 : 2000);
    years.push(year);
  }
  for (const m of text.matchAll(WORDED_DATE)) {
    if (Number(m[1]) >= 1 && Number(m[1]) <= 31) years.push(Number(m[2]));
  }
  if (years.length > 0 && BIRTH_WORDS.test(text)) return true;
  return years.some((year) => year >= 1900 && year <= thisYear - 10);
}

/** The kinds of personal data the text seems to hold, in a fixed order; empty when none. */
export function findPersonalData(text: string, { now = new Date() }: { now?: Date } = {}): PersonalDataKind[] {
  const found = new Set<PersonalDataKind>();
  if (EMAIL.test(text)) found.add("email address");
  if (looksLikePhone(text)) found.add("phone number");
  if (NATIONAL_INSURANCE.test(text)) found.add("National Insurance number");
  if (POSTCODE.test(text)) found.add("postcode");
  if (looksLikeDateOfBirth(text, now)) found.add("date of birth");
  return PERSONAL_DATA_KINDS.filter((kind) => found.has(kind));
}

/** The field error for what was found: names the kinds, never the text. */
export function personalDataMessage(kinds: PersonalDataKind[]) {
  const list = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(", ")} and ${kinds[kinds.length - 1]}`;
  const article = /^[aeiou]/i.test(list) ? "an" : "a";
  return `The note looks like it has ${article} ${list} in it. Take it out: the log holds no personal data.`;
}
