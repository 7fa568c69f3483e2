import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/lib/guards.server";
import { requireModule } from "~/lib/loaders.server";
import { questionsOfPaper } from "~/lib/learning/paper";
import { scoreAnswers } from "~/lib/learning/scoring";
import { getAttempt } from "~/models/check-attempt.server";
import { idParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.passed ? "You passed" : "Your result"} – ${data?.module.title ?? "Knowledge check"} – Champions Network`,
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "take:learning", "self");
  const module = requireModule(params.moduleId);
  const attemptId = idParam.safeParse(params.attemptId);
  const attempt = attemptId.success
    ? getAttempt({ attemptId: attemptId.data, memberId: member.id, moduleId: module.id })
    : undefined;
  if (!attempt) throw notFound("We could not find that attempt.");
  const outdated = attempt.contentHash !== module.contentHash;
  // The questions this attempt asked, options in the order shown; every question for attempts made before papers.
  const questions =
    (attempt.paper && questionsOfPaper(module.check.questions, attempt.paper)) || module.check.questions;
  const { results } = scoreAnswers(questions, attempt.answers, module.passMark);
  return json({
    module: { id: module.id, title: module.title, passMark: module.passMark },
    score: attempt.score,
    passed: attempt.passed,
    certificateCode: attempt.certificateCode,
    outdated,
    // After submission the learner sees, per question, what they chose, what was right, and why.
    feedback: questions.map((question, index) => {
      const result = results[index];
      return {
        id: question.id,
        prompt: question.prompt,
        correct: result.correct,
        partlyCorrect: result.partlyCorrect,
        chosen: question.options.filter((o) => result.selected.includes(o.id)).map((o) => o.text),
        rightAnswers: question.options.filter((o) => o.correct).map((o) => o.text),
        explanation: question.explanation,
      };
    }),
  });
}

export default function CheckResult() {
  const { module, score, passed, certificateCode, outdated, feedback } = useLoaderData<typeof loader>();
  const right = feedback.filter((f) => f.correct).length;
  return (
    <>
      <div className={`panel${passed ? "" : " panel--fail"}`}>
        <h1 className="panel__title">{passed ? "You passed" : "You did not pass this time"}</h1>
        <p>
          You scored {score}% ({right} of {feedback.length} right). The pass mark is {module.passMark}%.
        </p>
      </div>
      {passed && certificateCode ? (
        <p>
          <Link to={`/certificates/${certificateCode}`} className="button">
            Get your certificate
          </Link>
          <Link to="/learning" className="button button--secondary">
            Go to my learning
          </Link>
        </p>
      ) : (
        <p>
          Read the feedback below, then{" "}
          <Link to={`/learn/${module.id}/check`} className="button">
            Try the knowledge check again
          </Link>
        </p>
      )}
      {outdated ? (
        <p className="hint">
          The module has been edited since this attempt; the feedback below reflects the current questions.
        </p>
      ) : null}
      <h2>Feedback on each question</h2>
      {feedback.map((item, index) => (
        <section
          key={item.id}
          className={`feedback ${item.correct ? "feedback--right" : "feedback--wrong"}`}
          aria-labelledby={`feedback-${item.id}`}
        >
          <h3 id={`feedback-${item.id}`}>
            Question {index + 1}: {item.correct ? "right" : item.partlyCorrect ? "partly right" : "not right"}
          </h3>
          <p>{item.prompt}</p>
          <p>
            <strong>You chose:</strong> {item.chosen.join("; ") || "nothing"}
          </p>
          {!item.correct ? (
            <p>
              <strong>The right {item.rightAnswers.length > 1 ? "answers are" : "answer is"}:</strong>{" "}
              {item.rightAnswers.join("; ")}
            </p>
          ) : null}
          <p>
            <strong>Why:</strong> {item.explanation}
          </p>
        </section>
      ))}
      <p>
        <Link to={`/learn/${module.id}`}>Back to {module.title}</Link>
      </p>
    </>
  );
}
