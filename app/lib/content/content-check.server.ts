import path from "node:path";
import { formatDate } from "~/lib/dates";
import { ContentError, loadCatalogue } from "./catalogue.server";
import { REVIEW_MAX_MONTHS, REVIEW_WARN_MONTHS, reviewState } from "./review";

export type ContentCheckResult = { errors: string[]; warnings: string[]; moduleCount: number };

/**
 * Everything the build checks about content: every file valid (see loadCatalogue), and every module checked
 * against the law recently. More than REVIEW_MAX_MONTHS since its last check is an error, so an out-of-date
 * module cannot ship; from REVIEW_WARN_MONTHS it is a warning, so there is time to review it.
 */
export function checkContent({
  root = path.resolve(process.cwd(), "content"),
  now = new Date(),
}: { root?: string; now?: Date } = {}): ContentCheckResult {
  let catalogue;
  try {
    catalogue = loadCatalogue(root);
  } catch (error) {
    if (error instanceof ContentError) return { errors: [error.message], warnings: [], moduleCount: 0 };
    throw error;
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const module of [...catalogue.modules].sort((a, b) => a.id.localeCompare(b.id))) {
    const file = `modules/${module.id}/index.md`;
    const review = reviewState({ checkedOn: module.checked.date, now });
    const checkedOn = formatDate(`${module.checked.date}T12:00:00Z`);
    if (review.state === "future") {
      errors.push(`${file}: checked.date ${module.checked.date} is in the future`);
    } else if (review.state === "overdue") {
      errors.push(
        `${file}: last checked against the law on ${checkedOn}, more than ${REVIEW_MAX_MONTHS} months ago. ` +
          `Check it against its sources, then update checked.date (and the version and changes if the text changes).`,
      );
    } else if (review.state === "due-soon") {
      warnings.push(
        `${file}: last checked against the law on ${checkedOn}, ${REVIEW_WARN_MONTHS} or more months ago; ` +
          `check it by ${formatDate(review.dueBy)} or the build will fail.`,
      );
    }
  }
  return { errors, warnings, moduleCount: catalogue.modules.length };
}
