import { TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { formatDate } from "./dates";
import { appUrl } from "./email/templates";
import { notFound, requireMember, requirePermission } from "./guards.server";
import { completionState } from "./learning/completion-status";
import { findCompletionByCode, formatCertificateCode } from "~/models/completion.server";
import { getMember } from "~/models/member.server";

/** The certificate behind a code, if the viewer may see it (its learner, their organisation lead, the coordinator). */
export async function requireCertificate(request: Request, rawCode: string | undefined) {
  await requireMember(request);
  const completion = rawCode ? findCompletionByCode({ code: rawCode }) : undefined;
  if (!completion) throw notFound("We could not find that certificate.");
  const learner = getMember({ id: completion.memberId });
  await requirePermission(request, "read:certificate", {
    memberId: completion.memberId,
    organisationId: learner?.organisationId ?? null,
  });
  return completion;
}

type Completion = NonNullable<ReturnType<typeof findCompletionByCode>>;

/** What a certificate says; its "check it at" address is always APP_URL's, never the request's Host. */
export function describeCertificate(completion: Completion) {
  return {
    code: completion.certificateCode,
    displayCode: formatCertificateCode(completion.certificateCode),
    learnerName: completion.learnerName,
    organisationName: completion.organisationName,
    moduleId: completion.moduleId,
    moduleTitle: completion.moduleTitle,
    tierLabel: TIER_LABELS[completion.tier as Tier],
    completed: formatDate(completion.completedAt),
    expires: completion.expiresAt ? formatDate(completion.expiresAt) : null,
    state: completionState({ expiresAt: completion.expiresAt }),
    verifyUrl: appUrl(`/verify/${completion.certificateCode}`),
  };
}
