import { randomBytes } from "node:crypto";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import type { FieldErrors } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { requireModule } from "~/lib/loaders.server";
import { TamperedSubmissionError, validateAnswers } from "~/lib/learning/scoring";
import { findAttemptBySubmission, getNextPaper, submitCheckAttempt } from "~/models/check-attempt.server";
import { getModuleProgress } from "~/models/lesson-progress.server";
import { answersFromForm, checkSubmissionSchema } from "~/validation/learning";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Knowledge check – ${data?.module.title ?? "Module"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "take:learning", "self");
  const module = requireModule(params.moduleId);
  const progress = getModuleProgress({ memberId: member.id, module });
  const unread = module.lessons.filter((l) => !progress.completedLessonIds.includes(l.id));
  // This attempt's questions, options in this attempt's order: the same each time the page loads until it is submitted.
  const { questions } = getNextPaper({ memberId: member.id, module });
  return json({
    module: { id: module.id, title: module.title, passMark: module.passMark, introHtml: module.check.introHtml },
    unread: unread.map((l) => ({ id: l.id, title: l.title })),
    // Only what is needed to answer: never which options are right, nor the explanations.
    questions: questions.map((q) => ({
      id: q.id,
      type: q.type,
      prompt: q.prompt,
      options: q.options.map((o) => ({ id: o.id, text: o.text })),
    })),
    submissionToken: randomBytes(24).toString("base64url"),
  });
}

type ActionData = { fieldErrors: FieldErrors; answers: Record<string, string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requirePermission(request, "take:learning", "self");
  const module = requireModule(params.moduleId);
  const form = await request.formData();
  const parsed = checkSubmissionSchema.safeParse({
    submissionToken: form.get("submissionToken"),
    answers: answersFromForm(form),
  });
  if (!parsed.success) {
    return json<ActionData>(
      { fieldErrors: { form: "The form could not be read. Reload the page and try again." }, answers: {} },
      { status: 400 },
    );
  }
  const { answers, submissionToken } = parsed.data;
  // The same form sent twice: the first recorded it, so show that attempt.
  const recorded = findAttemptBySubmission({ memberId: member.id, submissionToken });
  if (recorded) return redirect(`/learn/${module.id}/check/${recorded.id}`);
  const progress = getModuleProgress({ memberId: member.id, module });
  if (progress.resumeLessonId !== null) {
    return json<ActionData>(
      { fieldErrors: { form: "Read all the lessons before you take the knowledge check." }, answers },
      { status: 400 },
    );
  }
  try {
    const { questions } = getNextPaper({ memberId: member.id, module });
    const { unanswered } = validateAnswers(questions, answers);
    if (unanswered.length > 0) {
      const fieldErrors: FieldErrors = {};
      for (const questionId of unanswered) {
        const position = questions.findIndex((q) => q.id === questionId) + 1;
        fieldErrors[`question-${questionId}`] = `Answer question ${position}`;
      }
      return json<ActionData>({ fieldErrors, answers }, { status: 400 });
    }
    const attempt = submitCheckAttempt({ memberId: member.id, module, answers, submissionToken });
    return redirect(`/learn/${module.id}/check/${attempt.attemptId}`);
  } catch (error) {
    if (!(error instanceof TamperedSubmissionError)) throw error;
    return json<ActionData>(
      { fieldErrors: { form: `${error.message} Reload the page and try again.` }, answers: {} },
      { status: 400 },
    );
  }
}

export default function KnowledgeCheck() {
  const { module, unread, questions, submissionToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = actionData?.fieldErrors;
  const chosen = actionData?.answers ?? {};
  if (unread.length > 0) {
    return (
      <>
        <span className="caption">{module.title}</span>
        <h1>Knowledge check</h1>
        <p>Read all the lessons before you take the knowledge check. You still have these to read:</p>
        <ul>
          {unread.map((lesson) => (
            <li key={lesson.id}>
              <Link to={`/learn/${module.id}/lessons/${lesson.id}`}>{lesson.title}</Link>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="caption">{module.title}</span>
      <h1>Knowledge check</h1>
      <p>
        Answer all {questions.length} questions. You need {module.passMark}% to pass. You can try again as many times as
        you like.
      </p>
      {module.introHtml.trim() ? (
        <div className="prose" dangerouslySetInnerHTML={{ __html: module.introHtml }} />
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="submissionToken" value={submissionToken} />
        {questions.map((question, index) => {
          const fieldId = `question-${question.id}`;
          const error = errors?.[fieldId];
          const inputType = question.type === "single" ? "radio" : "checkbox";
          return (
            <div key={question.id} className={`question form-group${error ? " form-group--error" : ""}`}>
              <fieldset aria-describedby={error ? `${fieldId}-error` : undefined}>
                <legend>
                  <span className="caption">
                    Question {index + 1} of {questions.length}
                  </span>
                  {question.prompt}
                </legend>
                {question.type === "multiple" ? <p className="hint">Select all that apply.</p> : null}
                {error ? (
                  <p id={`${fieldId}-error`} className="error-message">
                    <span className="visually-hidden">Error:</span> {error}
                  </p>
                ) : null}
                <div className={question.type === "single" ? "radios" : "checkboxes"}>
                  {question.options.map((option, optionIndex) => {
                    const inputId = optionIndex === 0 ? fieldId : `${fieldId}-${option.id}`;
                    return (
                      <div key={option.id} className={question.type === "single" ? "radios__item" : "checkboxes__item"}>
                        <input
                          id={inputId}
                          type={inputType}
                          name={`answer:${question.id}`}
                          value={option.id}
                          defaultChecked={chosen[question.id]?.includes(option.id)}
                        />
                        <label htmlFor={inputId}>{option.text}</label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
            </div>
          );
        })}
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Submit answers
        </button>
      </Form>
    </>
  );
}
