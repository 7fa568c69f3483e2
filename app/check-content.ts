/** Validates every file under content/ and each module's review date; run before each build. A problem stops the build. */
import { checkContent } from "./lib/content/content-check.server";

const { errors, warnings, moduleCount } = checkContent();
for (const warning of warnings) console.warn(`Content warning: ${warning}`);
if (errors.length > 0) {
  for (const error of errors) console.error(`Content error in ${error}`);
  process.exit(1);
}
console.log(`Content is valid: ${moduleCount} modules.`);
