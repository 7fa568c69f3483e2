import type { ModuleRecord } from "~/models/learning-record.server";

type Status = ModuleRecord["status"];

const TAGS: Record<Status, { label: string; className: string }> = {
  "not-started": { label: "Not started", className: "tag tag--grey" },
  "in-progress": { label: "In progress", className: "tag" },
  current: { label: "Completed", className: "tag tag--green" },
  due: { label: "Refresher due soon", className: "tag tag--yellow" },
  expired: { label: "Expired: refresh now", className: "tag tag--red" },
};

export function StatusTag({ status }: { status: Status }) {
  const tag = TAGS[status];
  return <strong className={tag.className}>{tag.label}</strong>;
}

/** A labelled progress bar: the native element, so screen readers announce it. */
export function LessonProgressBar({ done, total, id }: { done: number; total: number; id: string }) {
  return (
    <div className="progress">
      <label htmlFor={id} className="progress__label">
        {done} of {total} lessons read
      </label>
      <progress id={id} className="progress__bar" value={done} max={total}>
        {done} of {total}
      </progress>
    </div>
  );
}
