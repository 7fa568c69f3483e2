import { Marked, type Token } from "marked";
import { multiLine } from "../plain-text";

const marked = new Marked({ gfm: true, breaks: false });

/** Links a plain-text email may show: web and email addresses only (no javascript:, data: or file:). */
function safeHref(href: string) {
  const trimmed = href.trim();
  return /^(https?:\/\/|mailto:)[^\s<>"]+$/i.test(trimmed) ? trimmed : null;
}

function inline(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((token): string => {
      switch (token.type) {
        case "link": {
          const text = inline(token.tokens).trim();
          const href = safeHref(token.href);
          if (!href) return text;
          return text && text !== href && `mailto:${text}` !== href ? `${text} (${href})` : href;
        }
        case "image":
          return token.text;
        case "strong":
        case "em":
        case "del":
          return inline(token.tokens);
        case "codespan":
        case "escape":
          return token.text;
        case "br":
          return "\n";
        // Raw HTML is not markup in a plain-text email: its tags are dropped, what they held stays as text.
        case "html":
          return token.text.replace(/<[^>]*>/g, "");
        case "text":
          return "tokens" in token && token.tokens ? inline(token.tokens) : token.text;
        default:
          return "raw" in token && typeof token.raw === "string" ? token.raw : "";
      }
    })
    .join("");
}

function block(token: Token): string {
  switch (token.type) {
    case "space":
    case "hr":
    case "def":
      return "";
    case "heading":
    case "paragraph":
      return inline(token.tokens);
    case "text":
      return "tokens" in token && token.tokens ? inline(token.tokens) : token.text;
    case "code":
      return token.text;
    case "blockquote":
      return blocks(token.tokens)
        .split("\n")
        .map((line) => `> ${line}`)
        .join("\n");
    case "list":
      return (token.items as Array<{ tokens: Token[] }>)
        .map((item, i) => {
          const marker = token.ordered ? `${(Number(token.start) || 1) + i}.` : "-";
          return `${marker} ${blocks(item.tokens).replace(/\n\n/g, "\n")}`;
        })
        .join("\n");
    case "html":
      return token.text.replace(/<[^>]*>/g, "").trim();
    case "table":
      return [token.header, ...token.rows]
        .map((row: Array<{ tokens: Token[] }>) => row.map((cell) => inline(cell.tokens)).join(" | "))
        .join("\n");
    default:
      return "raw" in token && typeof token.raw === "string" ? token.raw : "";
  }
}

function blocks(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map(block)
    .filter((text) => text.trim() !== "")
    .join("\n\n");
}

/**
 * What a coordinator wrote (plain text with markdown links and lists) as the
 * text of a plain-text email: a link becomes its words and its address in
 * brackets (web and email addresses only; any other scheme is dropped), emphasis
 * and raw HTML tags are dropped, lists keep their markers, and no control
 * character survives. The same text rendered for a page goes through
 * renderMarkdown (lib/content/markdown.server.ts), which sanitises the HTML.
 */
export function markdownToPlainText(markdown: string) {
  return multiLine(blocks(marked.lexer(multiLine(markdown))))
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
