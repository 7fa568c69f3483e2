import { describe, expect, it } from "vitest";
import { pageLinkDestination, type LinkClick } from "~/components/page-link";

const ORIGIN = "https://champions.example.org";
const click: LinkClick = {
  button: 0,
  metaKey: false,
  altKey: false,
  ctrlKey: false,
  shiftKey: false,
  defaultPrevented: false,
};
const link = (href: string, more: Partial<{ target: string; download: boolean }> = {}) => ({
  href,
  target: "",
  download: false,
  ...more,
});

describe("a page link's click", () => {
  it("navigates in the browser to a page of this site, keeping its query and fragment", () => {
    expect(pageLinkDestination(click, link(`${ORIGIN}/directory/contacts/7`), ORIGIN)).toBe("/directory/contacts/7");
    expect(pageLinkDestination(click, link(`${ORIGIN}/manage/health?page=2#stale`), ORIGIN)).toBe(
      "/manage/health?page=2#stale",
    );
    expect(pageLinkDestination(click, link("/members/3", { target: "_self" }), ORIGIN)).toBe("/members/3");
  });

  it("leaves to the browser a new tab or window, another button, or a click already handled", () => {
    for (const key of ["metaKey", "altKey", "ctrlKey", "shiftKey", "defaultPrevented"] as const)
      expect(pageLinkDestination({ ...click, [key]: true }, link("/members/3"), ORIGIN), key).toBeNull();
    expect(pageLinkDestination({ ...click, button: 1 }, link("/members/3"), ORIGIN)).toBeNull();
  });

  it("leaves to the browser a link that opens elsewhere, downloads, or leaves the site", () => {
    expect(pageLinkDestination(click, link("/members/3", { target: "_blank" }), ORIGIN)).toBeNull();
    expect(pageLinkDestination(click, link("/directory/export", { download: true }), ORIGIN)).toBeNull();
    for (const href of [
      "https://elsewhere.example.org/members/3",
      "http://champions.example.org/members/3",
      "//elsewhere.example.org/x",
      "mailto:a@example.org",
      "tel:+441865000000",
      "javascript:alert(1)",
      "http://[bad",
    ])
      expect(pageLinkDestination(click, link(href), ORIGIN), href).toBeNull();
  });
});
