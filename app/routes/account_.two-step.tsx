import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { formatDate } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { forbidden, requirePermission } from "~/lib/guards.server";
import { safeRedirectTarget } from "~/lib/security.server";
import { groupedSecret, totpQrSvg, totpUri } from "~/lib/totp.server";
import { roleNeedsTwoStep } from "~/lib/two-step-rule";
import { checkSignInThrottle, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import {
  confirmTwoStepSetUp,
  getTwoStepStatus,
  regenerateRecoveryCodes,
  startTwoStepSetUp,
  turnOffTwoStep,
  verifySecondStep,
} from "~/models/two-step.server";
import { appCodeSchema } from "~/validation/two-step";

export const meta: MetaFunction = () => [{ title: "Two-step sign-in – Champions Network" }];

/** The set-up key and recovery codes are on this page: no copy of it is kept by a browser or proxy cache. */
export const headers = () => ({ "Cache-Control": "no-store" });

function returnTarget(request: Request) {
  const target = new URL(request.url).searchParams.get("redirectTo");
  return target ? safeRedirectTarget(target, "/account") : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const status = getTwoStepStatus({ memberId: viewer.id });
  const pending = status.pendingSecret
    ? {
        qrCode: `data:image/svg+xml;base64,${Buffer.from(await totpQrSvg(totpUri(status.pendingSecret, viewer.email))).toString("base64")}`,
        key: groupedSecret(status.pendingSecret),
      }
    : null;
  return json(
    {
      enabled: status.enabled,
      enabledSince: status.enabledAt ? formatDate(status.enabledAt) : null,
      recoveryCodesLeft: status.recoveryCodesLeft,
      required: roleNeedsTwoStep(viewer.role),
      pending,
      redirectTo: returnTarget(request),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

type ActionData = { fieldErrors?: FieldErrors; recoveryCodes?: string[] };

const WRONG_CODE =
  "The code is not correct. Check the code your app shows for the Champions Network and enter it again";

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const form = await request.formData();
  const intent = form.get("intent");
  const here = `/account/two-step${new URL(request.url).search}`;

  if (intent === "start") {
    startTwoStepSetUp({ memberId: viewer.id });
    return redirect(here);
  }
  if (intent !== "confirm" && intent !== "recovery-codes" && intent !== "turn-off") {
    throw new Response("That is not something this page can do.", { status: 400 });
  }
  if (intent === "turn-off" && roleNeedsTwoStep(viewer.role)) {
    throw forbidden(
      "Your role needs two-step sign-in, so it cannot be turned off. You can set up a new authenticator app instead.",
    );
  }
  const parsed = parseForm(appCodeSchema, form);
  if (!parsed.success) return json<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });

  if (intent === "confirm") {
    const codes = confirmTwoStepSetUp({ memberId: viewer.id, code: parsed.data.code });
    if (!codes) return json<ActionData>({ fieldErrors: { code: WRONG_CODE } }, { status: 400 });
    return json<ActionData>({ recoveryCodes: codes });
  }

  // Turning two-step off or making new recovery codes needs a code from the app: a guessed code counts as a failed sign-in.
  const ipAddress = context?.clientIp ?? null;
  const throttle = checkSignInThrottle({ email: viewer.email, ipAddress });
  if (throttle.blocked) {
    const minutes = Math.ceil(throttle.retryAfterSeconds / 60);
    return json<ActionData>(
      {
        fieldErrors: {
          code: `There have been too many wrong codes. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
        },
      },
      { status: 429, headers: { "Retry-After": String(throttle.retryAfterSeconds) } },
    );
  }
  const checked = verifySecondStep({ memberId: viewer.id, code: parsed.data.code });
  if (!checked.ok) {
    recordSignInAttempt({ email: viewer.email, ipAddress, succeeded: false });
    const message =
      checked.reason === "used"
        ? "That code has already been used. Wait for the next code from your app and enter it"
        : WRONG_CODE;
    return json<ActionData>({ fieldErrors: { code: message } }, { status: 400 });
  }
  if (intent === "turn-off") {
    turnOffTwoStep({ memberId: viewer.id });
    return redirectWithFlash(
      "/account/two-step",
      "Two-step sign-in is off. Signing in now asks only for your password.",
    );
  }
  return json<ActionData>({ recoveryCodes: regenerateRecoveryCodes({ memberId: viewer.id }) });
}

function RecoveryCodes({ codes, next }: { codes: string[]; next: string }) {
  return (
    <>
      <div className="notification notification--success" role="status">
        <p className="notification__title">Two-step sign-in is on</p>
      </div>
      <h1>Save your recovery codes</h1>
      <p>
        If you lose your phone, each of these codes lets you sign in once instead of a code from your app. Keep them
        somewhere safe, away from your phone: a password manager, or printed. <strong>They are shown only now.</strong>
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <Link to={next} className="button">
          I have saved my recovery codes
        </Link>
      </p>
    </>
  );
}

function CodeField({ error, label = "Code from your app" }: { error?: string; label?: string }) {
  return (
    <TextField
      name="code"
      label={label}
      hint="6 digits"
      autoComplete="one-time-code"
      inputMode="numeric"
      spellCheck={false}
      width="short"
      error={error}
    />
  );
}

export default function TwoStep() {
  const { enabled, enabledSince, recoveryCodesLeft, required, pending, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData?.recoveryCodes)
    return <RecoveryCodes codes={actionData.recoveryCodes} next={redirectTo ?? "/account/two-step"} />;
  const errors = actionData?.fieldErrors;
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>Two-step sign-in</h1>
      {required && !enabled ? (
        <div className="notification" role="status">
          <p className="notification__title">Set up two-step sign-in to use the coordinator pages</p>
          <p>
            Your role can see and change every member&apos;s record, so signing in needs a code from an app on your
            phone as well as your password.
          </p>
        </div>
      ) : null}
      <p>
        Two-step sign-in asks for a code from an authenticator app on your phone (such as Google Authenticator,
        Microsoft Authenticator or FreeOTP) after your password, so your password alone is not enough to get in.
      </p>
      {enabled ? (
        <>
          <p>
            <strong>Two-step sign-in is on</strong>
            {enabledSince ? ` (since ${enabledSince})` : ""}. You have {recoveryCodesLeft} unused recovery code
            {recoveryCodesLeft === 1 ? "" : "s"}.
          </p>
          <h2>New recovery codes</h2>
          <p>Makes ten new codes; the old ones stop working.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="recovery-codes" />
            <CodeField error={errors?.code} />
            <button type="submit" className="button button--secondary">
              Make new recovery codes
            </button>
          </Form>
          {required ? (
            <p>
              Your role needs two-step sign-in, so it cannot be turned off. If you have a new phone, set up a new app
              below.
            </p>
          ) : (
            <>
              <h2>Turn off two-step sign-in</h2>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="turn-off" />
                <CodeField error={errors?.code} label="Code from your app, to turn it off" />
                <button type="submit" className="button button--secondary">
                  Turn off two-step sign-in
                </button>
              </Form>
            </>
          )}
        </>
      ) : null}
      {pending ? (
        <>
          <h2>{enabled ? "Set up a new app" : "Set up your app"}</h2>
          <ol>
            <li>In your authenticator app, add an account and scan this QR code.</li>
            <li>Enter the 6-digit code the app then shows.</li>
          </ol>
          <img src={pending.qrCode} alt="QR code to scan with your authenticator app" width={200} height={200} />
          <p>
            If you cannot scan it, type this key into the app instead (a time-based key):{" "}
            <code className="secret-key">{pending.key}</code>
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <CodeField error={errors?.code} />
            <button type="submit" className="button">
              Turn on two-step sign-in
            </button>
          </Form>
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" className={enabled ? "button button--secondary" : "button"}>
            {enabled ? "Set up a new app" : "Set up two-step sign-in"}
          </button>
        </Form>
      )}
      <p>
        <Link to="/account">Back to My account</Link>
      </p>
    </div>
  );
}
