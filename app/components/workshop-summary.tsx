import type { BookingStatus } from "~drizzle/schema/constants";

const BOOKING_TAGS: Record<BookingStatus, { label: string; className: string }> = {
  booked: { label: "Booked", className: "tag tag--green" },
  waiting: { label: "On the waiting list", className: "tag tag--yellow" },
  cancelled: { label: "Cancelled by you", className: "tag tag--grey" },
  apologies: { label: "Apologies sent", className: "tag tag--grey" },
};

export function BookingTag({ status }: { status: BookingStatus }) {
  const tag = BOOKING_TAGS[status];
  return <strong className={tag.className}>{tag.label}</strong>;
}

/** Places left: capacity less the places booked and those held for a nominee. */
export function PlacesLeft({
  capacity,
  booked,
  held,
  waiting,
}: {
  capacity: number;
  booked: number;
  held: number;
  waiting: number;
}) {
  const left = capacity - booked - held;
  if (left > 0)
    return (
      <>
        {left} of {capacity} places left
      </>
    );
  return <>Full{waiting > 0 ? `: ${waiting} on the waiting list` : ": join the waiting list"}</>;
}
