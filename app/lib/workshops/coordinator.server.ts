import { requirePermission } from "~/lib/guards.server";

/** Every coordinator page starts here: the workshop-managing permission, everywhere. */
export function requireCoordinator(request: Request) {
  return requirePermission(request, "manage:workshop", "everywhere");
}
