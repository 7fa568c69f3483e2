import { cachedDirectoryRead } from "~/lib/directory-cache.server";
import type { DistrictName } from "~/lib/district-choice";
import { listDistricts } from "~/models/district.server";

/**
 * Every district's name and council, for the district field (chooseDistrict): the same for everyone until the
 * directory changes. `version` as for cachedDirectoryRead.
 */
export function keptDistrictNames({ version }: { version?: string } = {}): DistrictName[] {
  return cachedDirectoryRead({
    key: ["district-names"],
    timeless: true,
    version,
    read: () => listDistricts().map((d) => ({ id: d.id, name: d.name, councilName: d.councilName })),
  });
}
