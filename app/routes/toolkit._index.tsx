import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TOOLKIT_CARD_TYPE_LABELS, TOOLKIT_CARD_TYPES } from "~drizzle/schema/toolkit-constants";
import { SelectField, TextField } from "~/components/ui/field";
import { formatDate } from "~/lib/dates";
import { can } from "~/lib/permissions";
import { getSignedInMember } from "~/lib/session.server";
import { listCircumstances } from "~/models/directory.server";
import { listDistricts } from "~/models/district.server";
import { listToolkitCards } from "~/models/toolkit.server";
import { toolkitQuerySchema } from "~/validation/toolkit";

export const meta: MetaFunction = () => [{ title: "Toolkit – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getSignedInMember(request);
  const url = new URL(request.url);
  const params = toolkitQuerySchema.parse(Object.fromEntries(url.searchParams));
  const districts = listDistricts().map((d) => ({ id: d.id, name: d.name }));
  const circumstances = listCircumstances().map((c) => ({ id: c.id, label: c.label }));
  const filters = {
    query: params.q || undefined,
    type: params.type,
    districtId: districts.some((d) => d.id === params.district) ? params.district : undefined,
    circumstanceId: circumstances.some((c) => c.id === params.circumstance) ? params.circumstance : undefined,
  };
  const searched = Boolean(filters.query || filters.type || filters.districtId || filters.circumstanceId);
  return json({
    signedIn: Boolean(viewer),
    canCreate: can(viewer, "manage:toolkit", "everywhere"),
    choice: {
      q: params.q ?? "",
      type: filters.type ?? "",
      district: filters.districtId ?? "",
      circumstance: filters.circumstanceId ?? "",
    },
    searched,
    districts,
    circumstances,
    cards: listToolkitCards({ viewer, filters }),
  });
}

export default function Toolkit() {
  const { signedIn, canCreate, choice, searched, districts, circumstances, cards } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Toolkit</h1>
      <p className="lead">
        The network's procedures, checklists, protocols and guides: how to refer, who to call and what to check, kept up
        to date by the people who use them.
      </p>
      {signedIn ? null : (
        <p>
          You are seeing the cards open to everyone. <Link to="/login?redirectTo=/toolkit">Sign in</Link> to see the
          cards for members.
        </p>
      )}
      {canCreate ? (
        <p>
          <Link to="/toolkit/new" className="button">
            Create a card
          </Link>
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label="Search the toolkit">
        <TextField
          name="q"
          label="Search"
          type="search"
          hint="Words from the title, the text or the tags; the start of a word is enough."
          defaultValue={choice.q}
          maxLength={200}
        />
        <SelectField
          name="type"
          label="Kind"
          defaultValue={choice.type}
          options={[
            { value: "", label: "All kinds" },
            ...TOOLKIT_CARD_TYPES.map((t) => ({ value: t, label: TOOLKIT_CARD_TYPE_LABELS[t] })),
          ]}
        />
        <SelectField
          name="district"
          label="District"
          defaultValue={choice.district}
          options={[{ value: "", label: "All districts" }, ...districts.map((d) => ({ value: d.id, label: d.name }))]}
        />
        <SelectField
          name="circumstance"
          label="Situation"
          defaultValue={choice.circumstance}
          options={[
            { value: "", label: "All situations" },
            ...circumstances.map((c) => ({ value: c.id, label: c.label })),
          ]}
        />
        <button type="submit" className="button">
          Search
        </button>
      </Form>
      <div role="status">
        <h2>
          {cards.length === 0
            ? searched
              ? "No cards match"
              : "No cards yet"
            : `${cards.length} ${cards.length === 1 ? "card" : "cards"}${searched ? " found" : ""}`}
        </h2>
      </div>
      {cards.length === 0 && searched ? <p>Try fewer words, or clear a filter.</p> : null}
      <ul className="card-list">
        {cards.map((card) => (
          <li key={card.id}>
            <h3>
              <Link to={`/toolkit/${card.slug}`}>{card.title}</Link>
            </h3>
            <p className="muted">
              {TOOLKIT_CARD_TYPE_LABELS[card.type]}
              {" · "}
              {card.districts.length ? card.districts.map((d) => d.name).join(", ") : "County-wide"}
              {card.circumstances.length ? ` · ${card.circumstances.map((c) => c.label).join(", ")}` : ""}
              {card.visibility === "public" ? "" : card.visibility === "members" ? " · Members only" : " · Staff only"}
            </p>
            {card.overdue ? (
              <p>
                <span className="tag tag--yellow">May be out of date</span> Due for review on{" "}
                {formatDate(card.reviewOn)}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
