import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TIER_LABELS, type Tier } from "../../drizzle/schema/constants";
import { getSignedInMember } from "~/lib/session.server";
import { getMember } from "~/models/member.server";

export const meta: MetaFunction = () => [{ title: "Champions Network – Oxfordshire Homelessness Champions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getSignedInMember(request);
  const member = viewer ? getMember({ id: viewer.id }) : undefined;
  return json({
    member: member
      ? {
          name: member.name,
          tier: member.tier as Tier,
          organisationName: member.organisationName ?? member.otherOrganisationName,
        }
      : null,
  });
}

export default function Home() {
  const { member } = useLoaderData<typeof loader>();
  if (member) {
    return (
      <>
        <h1>Welcome, {member.name}</h1>
        <p className="lead">
          You are a {TIER_LABELS[member.tier]} member
          {member.organisationName ? <> of the network at {member.organisationName}</> : null}.
        </p>
        <h2>What you can do</h2>
        <ul>
          <li>
            <Link to="/learn">Take the e-learning</Link>: start with the homelessness awareness module.
          </li>
          <li>
            <Link to="/learning">See your learning</Link>: your tier pathway, what is next, and your certificates.
          </li>
          <li>
            <Link to="/organisations">Find an organisation in the network</Link> and its public contact inbox.
          </li>
          <li>
            <Link to="/account">Check your account details</Link> so colleagues in other organisations can find you.
          </li>
        </ul>
        <TierSummary />
      </>
    );
  }
  return (
    <>
      <h1>Oxfordshire Homelessness Champions Network</h1>
      <p className="lead">
        Homelessness is best prevented early. Nurses, prison and probation officers, social workers, Jobcentre and
        charity staff are often the first to see the signs. This network trains them to act before a crisis, and gives
        every partner organisation a named go-to housing person.
      </p>
      <p>
        <Link to="/register" className="button">
          Create an account
        </Link>
        <Link to="/login" className="button button--secondary">
          Sign in
        </Link>
      </p>
      <p>
        Been shown a certificate? <Link to="/verify">Check that it is genuine</Link>.
      </p>
      <TierSummary />
    </>
  );
}

function TierSummary() {
  return (
    <>
      <h2>Three tiers of training</h2>
      <dl className="summary-list">
        <div>
          <dt>{TIER_LABELS[1]}</dt>
          <dd>
            The named go-to housing person in each organisation. Bi-monthly workshops with the network coordinator on
            housing options, early indicators, the Homelessness Reduction Act, Universal Credit and the Duty to Refer.
          </dd>
        </div>
        <div>
          <dt>{TIER_LABELS[2]}</dt>
          <dd>
            Staff who work closely with people at risk. Sessions with the coordinator and deeper e-learning: recognising
            early indicators, how and to whom to signpost, and prevention advice.
          </dd>
        </div>
        <div>
          <dt>{TIER_LABELS[3]}</dt>
          <dd>
            Anyone, staff or volunteer, who may meet someone at risk. A short awareness module: recognise the signs and
            know how and to whom to signpost.
          </dd>
        </div>
      </dl>
    </>
  );
}
