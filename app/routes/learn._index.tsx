import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { StatusTag } from "~/components/learning-status";
import { requirePermission } from "~/lib/guards.server";
import { getLearningRecord } from "~/models/learning-record.server";

export const meta: MetaFunction = () => [{ title: "E-learning – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "take:learning", "self");
  const { modules } = getLearningRecord({ memberId: member.id });
  return json({
    modules: modules.map((record) => ({
      id: record.module.id,
      title: record.module.title,
      tier: record.module.tier as Tier,
      summary: record.module.summary,
      estimatedMinutes: record.module.estimatedMinutes,
      lessons: record.progress.total,
      read: record.progress.completedCount,
      status: record.status,
      updatedSinceCompleted: record.updatedSinceCompleted,
    })),
  });
}

export default function Catalogue() {
  const { modules } = useLoaderData<typeof loader>();
  const tiers = [3, 2, 1] as const;
  return (
    <>
      <h1>E-learning</h1>
      <p className="lead">
        Self-paced modules with a knowledge check at the end. Pass the check to get a certificate anyone can verify.
        Your place is saved as you go.
      </p>
      {tiers.map((tier) => {
        const inTier = modules.filter((m) => m.tier === tier);
        if (inTier.length === 0) return null;
        return (
          <section key={tier} aria-labelledby={`tier-${tier}`}>
            <h2 id={`tier-${tier}`}>{TIER_LABELS[tier]}</h2>
            <ul className="card-list">
              {inTier.map((module) => (
                <li key={module.id} className="module-card">
                  <h3>
                    <Link to={`/learn/${module.id}`}>{module.title}</Link>
                  </h3>
                  <p>{module.summary}</p>
                  <p className="module-card__meta">
                    {module.lessons} lessons, about {module.estimatedMinutes} minutes.{" "}
                    {module.status === "in-progress" ? `${module.read} of ${module.lessons} lessons read. ` : null}
                  </p>
                  <p>
                    <StatusTag status={module.status} />{" "}
                    {module.updatedSinceCompleted ? <strong className="tag">Updated since you completed</strong> : null}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
