import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false });

/**
 * What rendered markdown may contain. Coordinators will edit content, so the
 * output of marked (which does not sanitise) always passes through this.
 */
const SANITISE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "h2", "h3", "h4", "p", "br", "hr", "blockquote", "ul", "ol", "li", "strong", "em", "code", "pre",
    "a", "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr", "dl", "dt", "dd",
  ],
  allowedAttributes: { a: ["href", "title"], th: ["scope", "align"], td: ["align"], abbr: ["title"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  transformTags: {
    // Authors write "#" headings sparingly; the page owns the only h1.
    h1: "h2",
    h5: "h4",
    h6: "h4",
  },
};

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false }) as string;
  return sanitizeHtml(html, SANITISE_OPTIONS);
}
