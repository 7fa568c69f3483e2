import { requirePermission } from "./guards.server";
import { directoryLimiter, tooManyRequests } from "./rate-limit.server";

/** Signed in, allowed to read the directory, and not scraping it. */
export async function requireDirectoryReader(request: Request) {
  const member = await requirePermission(request, "read:directory", "everywhere");
  const wait = directoryLimiter.hit(`member:${member.id}`);
  if (wait > 0) throw tooManyRequests(wait);
  return member;
}
