import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Privacy notice – Champions Network" }];

export default function Privacy() {
  return (
    <>
      <h1>Privacy notice</h1>
      <p className="lead">
        How Champions Network uses personal information, under the UK General Data Protection Regulation and the Data
        Protection Act 2018.
      </p>
      <h2>What we hold</h2>
      <ul>
        <li>Your account: name, work email, job title, organisation, role and network tier.</li>
        <li>
          Your training record: lessons read, knowledge check attempts, completions and certificates, workshop bookings
          and attendance, and feedback you give.
        </li>
        <li>
          If you are in the directory: the districts you cover, your specialisms, how to contact you, and any direct
          phone or mobile number you choose to give.
        </li>
        <li>
          Records of who viewed a directory entry or exported the directory, and sign-in attempts (kept for a day,
          without email addresses).
        </li>
      </ul>
      <h2>Why</h2>
      <p>
        To run the Homelessness Champions Network: training staff in partner organisations to prevent homelessness,
        keeping a record of that training, and helping people in one organisation find the right housing contact in
        another. The lawful basis is the public task of the partner councils in preventing homelessness (Housing Act
        1996, Part 7), and legitimate interests for charity partners.
      </p>
      <h2>Who can see it</h2>
      <ul>
        <li>
          Named contacts' details are visible only to signed-in members. The public sees organisations, district pages
          and shared team inboxes.
        </li>
        <li>
          Direct phone and mobile numbers are shown only if you choose to show them; hidden numbers are never sent to
          anyone's browser.
        </li>
        <li>
          Your organisation lead sees your organisation's training records; the network coordinator sees everyone's.
        </li>
      </ul>
      <h2>Keeping it current</h2>
      <p>
        Directory contacts are asked to confirm their details every six months. Out-of-date entries are flagged to the
        contact, their organisation lead and the coordinator.
      </p>
      <h2>Your rights</h2>
      <p>
        You can ask to see the information held about you, to correct it, or to have it erased. Contact the network
        coordinator; you can also complain to the Information Commissioner's Office.
      </p>
    </>
  );
}
