/** Validates every file under content/; run before each build. A bad file stops the build. */
import { ContentError, loadCatalogue } from "./lib/content/catalogue.server";

try {
  const catalogue = loadCatalogue();
  console.log(`Content is valid: ${catalogue.modules.length} modules.`);
} catch (error) {
  if (error instanceof ContentError) {
    console.error(`Content error in ${error.message}`);
    process.exit(1);
  }
  throw error;
}
