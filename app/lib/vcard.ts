/** A vCard 4.0 for one contact (RFC 6350): text values escaped; semicolons only in structured values (N, ORG). */
function escapeText(value: string) {
  return value.replace(/\\/g, "\\\\").replace(/\r?\n/g, "\\n").replace(/,/g, "\\,");
}

function escape(value: string) {
  return escapeText(value).replace(/;/g, "\\;");
}

export function buildVCard(contact: {
  name: string;
  jobTitle: string;
  organisationName: string | null;
  email: string;
  directPhone?: string;
  mobile?: string;
  note?: string;
}) {
  const parts = contact.name.trim().split(/\s+/);
  const family = parts.length > 1 ? parts[parts.length - 1] : "";
  const given = parts.length > 1 ? parts.slice(0, -1).join(" ") : parts[0] ?? "";
  const lines = [
    "BEGIN:VCARD",
    "VERSION:4.0",
    `FN:${escapeText(contact.name)}`,
    `N:${escape(family)};${escape(given)};;;`,
    contact.organisationName ? `ORG:${escape(contact.organisationName)}` : null,
    contact.jobTitle ? `TITLE:${escapeText(contact.jobTitle)}` : null,
    `EMAIL;TYPE=work:${escapeText(contact.email)}`,
    contact.directPhone ? `TEL;TYPE=work,voice;VALUE=uri:tel:${contact.directPhone.replace(/[^\d+]/g, "")}` : null,
    contact.mobile ? `TEL;TYPE=cell;VALUE=uri:tel:${contact.mobile.replace(/[^\d+]/g, "")}` : null,
    contact.note ? `NOTE:${escapeText(contact.note)}` : null,
    "END:VCARD",
  ];
  return lines.filter(Boolean).join("\r\n") + "\r\n";
}
