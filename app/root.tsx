import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "~/components/nonce";
import { usePageLinks } from "~/components/page-link";
import { SiteHeader } from "~/components/site-header";
import { navigationFor } from "~/lib/navigation";
import { readFlash } from "~/lib/flash.server";
import { getSignedInMember } from "~/lib/session.server";
import { closedOrganisationNotice } from "~/models/organisation.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

const ERROR_TITLES: Record<number, string> = {
  400: "There is a problem with the request",
  403: "You do not have permission",
  404: "Page not found",
};

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: "Champions Network" }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: `${ERROR_TITLES[status] ?? "Sorry, there is a problem with the service"} – Champions Network` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await getSignedInMember(request);
  const flash = await readFlash(request);
  return json(
    {
      flash: flash.message,
      member: member
        ? { id: member.id, name: member.name, role: member.role, organisationId: member.organisationId }
        : null,
      navigation: navigationFor(member, member?.organisationSlug ?? null),
      closedOrganisation: member ? closedOrganisationNotice({ memberId: member.id }) : null,
    },
    { headers: flash.headers },
  );
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const navigation = data?.navigation ?? [
    { to: "/", label: "Home" },
    { to: "/organisations", label: "Organisations" },
  ];
  return <SiteHeader member={data?.member ?? null} navigation={navigation} />;
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main-content" className="skip-link">
          Skip to main content
        </a>
        <Header />
        <div className="width-container">
          <main id="main-content" className="main" tabIndex={-1}>
            {children}
          </main>
        </div>
        <footer className="footer">
          <div className="width-container">
            <p>
              Champions Network helps people in Oxfordshire's public services and charities spot the early signs of
              homelessness and act before crisis.
            </p>
            <p>All people in the demonstration data are fictional.</p>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<typeof loader>("root");
  usePageLinks();
  return (
    <>
      {data?.flash ? (
        <div className="notification notification--success" role="status">
          <p className="notification__title">{data.flash}</p>
        </div>
      ) : null}
      {data?.closedOrganisation ? (
        <div className="notification" role="region" aria-label="Your organisation has closed">
          <p className="notification__title">
            {data.closedOrganisation.name} closed on {data.closedOrganisation.closedOn}.
          </p>
          <p>
            <Link to="/account/move">Tell us where you work now</Link>: your learning record and certificates come with
            you.
          </p>
        </div>
      ) : null}
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage error={error} />;
}

/** A page that speaks to a person for 403, 404 and anything unexpected; never a stack trace. */
export function ErrorPage({ error }: { error: unknown }) {
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <>
        <h1>Page not found</h1>
        <p>If you typed the web address, check it is correct. If you pasted it, check you copied all of it.</p>
        <p>
          You can <Link to="/organisations">browse the organisations in the network</Link> or go to the{" "}
          <Link to="/">home page</Link>.
        </p>
      </>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <>
        <h1>You do not have permission to see this page</h1>
        <p>Your account does not give you access to this page.</p>
        <p>
          If you think you should have access, contact the network coordinator. Go to the <Link to="/">home page</Link>.
        </p>
      </>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 400) {
    return (
      <>
        <h1>There is a problem with the request</h1>
        <p>{typeof error.data === "string" ? error.data : "Check what you entered and try again."}</p>
        <p>
          Go to the <Link to="/">home page</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Sorry, there is a problem with the service</h1>
      <p>Try again later. Anything you saved before the problem is safe.</p>
      <p>
        Go to the <Link to="/">home page</Link>.
      </p>
    </>
  );
}
