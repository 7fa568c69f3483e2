/**
 * A horizontal bar chart as accessible SVG: a title and description for
 * screen readers, and a text label on every bar. The same numbers are always
 * shown in a table beside it.
 *
 * Each bar has its label and value on a line of their own above it, in
 * pixels rather than scaled with the chart, so text stays its size on a
 * phone. A label longer than the narrowest chart (a 320 px screen, and print)
 * is cut at its end with an ellipsis, and its full text is the bar's <title>;
 * on wider screens a longer cut is shown instead (see .chart__label--long).
 */
export function BarChart({
  id,
  title,
  bars,
  unit = "",
  max,
}: {
  id: string;
  title: string;
  /** A bar's `text`, when given, is shown instead of its value (for a hidden small number), and no bar is drawn. */
  bars: Array<{ label: string; value: number; text?: string }>;
  unit?: string;
  max?: number;
}) {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const describe = bars.map((b) => `${b.label}: ${b.text ?? `${b.value}${unit}`}`).join("; ");
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        width="100%"
        height={Math.max(1, bars.length) * ROW_HEIGHT}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{describe || "No data"}</desc>
        {bars.map((bar, i) => {
          const y = i * ROW_HEIGHT;
          const value = bar.text ?? `${bar.value}${unit}`;
          const room = (width: number) => width - textWidth(value) - GAP;
          const short = fitText(bar.label, room(NARROW_WIDTH));
          const long = fitText(bar.label, room(WIDE_WIDTH));
          const percent = Math.max((bar.value / top) * 100, 0.25);
          return (
            <g key={`${i}-${bar.label}`}>
              {short !== bar.label ? <title>{bar.label}</title> : null}
              <text
                x="2"
                y={y + 15}
                fontSize={FONT_SIZE}
                fill="#0b0c0c"
                className={long === short ? undefined : "chart__label--short"}
              >
                {short}
              </text>
              {long === short ? null : (
                <text x="2" y={y + 15} fontSize={FONT_SIZE} fill="#0b0c0c" className="chart__label--long">
                  {long}
                </text>
              )}
              <text x="100%" y={y + 15} fontSize={FONT_SIZE} fill="#0b0c0c" textAnchor="end">
                {value}
              </text>
              {bar.text === undefined ? (
                <rect x="0" y={y + 20} width={`${percent.toFixed(2)}%`} height="12" fill="#1d70b8" />
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="hint">{title}. The figures are in the table below.</figcaption>
    </figure>
  );
}

const FONT_SIZE = 14;
const ROW_HEIGHT = 42;
/** Between a label and its value. */
const GAP = 12;
/** The chart's width on a 320 px screen (less the page's margins) and in print. */
const NARROW_WIDTH = 270;
/** The chart's width from a 50em screen up: its max-width in app.css. */
const WIDE_WIDTH = 720;

/**
 * The widest a line of text could be at FONT_SIZE, estimated from each
 * character's width in the widest common sans-serif fonts (DejaVu Sans,
 * Verdana-like): an estimate that errs wide, since the server cannot measure.
 */
function textWidth(text: string) {
  let ems = 0;
  for (const c of text) {
    if (/[ijlI.,:;'!|]/.test(c)) ems += 0.36;
    else if (/[ frt()[\]\-\u2019]/.test(c)) ems += 0.46;
    else if (/[mwMW@%]/.test(c)) ems += 1.05;
    else if (/[A-Z&]/.test(c)) ems += 0.84;
    else ems += 0.66;
  }
  return ems * FONT_SIZE;
}

/** The text whole if it fits the width, else cut at its end with an ellipsis. */
function fitText(text: string, width: number) {
  if (textWidth(text) <= width) return text;
  let end = text.length;
  while (end > 0 && textWidth(`${text.slice(0, end).trimEnd()}…`) > width) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
