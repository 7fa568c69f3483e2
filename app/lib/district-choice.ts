/**
 * The district filter at any size. Up to `DISTRICT_SELECT_LIMIT` districts it
 * is a select; above that (300 at national size, which made the select half
 * of the directory's pages, twice over: as HTML and again in the page's data)
 * it is a text field: the member types the district's or council's name, or
 * part of it, and the server finds it, offering the districts that match when
 * more than one does. It works the same without JavaScript.
 */
export const DISTRICT_SELECT_LIMIT = 30;

export type DistrictName = { id: string; name: string; councilName: string };

/** What the district field shows and what it found: `id` when exactly one district is meant. */
export type DistrictChoice = {
  id?: string;
  /** What the text field shows: the district's name once found, or what was typed. */
  text: string;
  /** The districts to choose from when the text matches several (the first 20). */
  matches: Array<{ id: string; name: string }>;
  error?: string;
  /** The select's choices, when there are few enough districts for one. */
  options?: Array<{ value: string; label: string }>;
};

/** Lower case, accents and punctuation dropped, spaces collapsed: "St. Albans" and "st albans" are the same. */
function fold(text: string) {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Finds the district `asked` (an id, a name, a council's name or part of one) among `districts`. */
export function chooseDistrict(asked: string | null | undefined, districts: DistrictName[]): DistrictChoice {
  const options =
    districts.length <= DISTRICT_SELECT_LIMIT ? districts.map((d) => ({ value: d.id, label: d.name })) : undefined;
  const typed = (asked ?? "").slice(0, 100).trim();
  if (!typed) return { text: "", matches: [], options };
  const byId = districts.find((d) => d.id === typed);
  if (byId) return { id: byId.id, text: byId.name, matches: [], options };
  // A select only ever sends an id: anything else from it is ignored, as before.
  if (options) return { text: "", matches: [], options };
  const wanted = fold(typed);
  if (!wanted) return { text: typed, matches: [], error: "Enter the name of a district or council" };
  const exact = districts.filter((d) => fold(d.name) === wanted || fold(d.councilName) === wanted);
  const found = exact.length
    ? exact
    : districts.filter((d) => `${fold(d.name)} | ${fold(d.councilName)}`.includes(wanted));
  if (found.length === 1) return { id: found[0].id, text: found[0].name, matches: [] };
  if (found.length === 0) {
    return { text: typed, matches: [], error: `No district or council matches “${typed}”: check the spelling` };
  }
  return {
    text: typed,
    matches: found.slice(0, 20).map((d) => ({ id: d.id, name: d.name })),
    error: `${found.length} districts match “${typed}”: choose one`,
  };
}
