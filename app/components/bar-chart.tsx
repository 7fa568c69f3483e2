/**
 * A horizontal bar chart as accessible SVG: a title and description for
 * screen readers, and a text label on every bar. The same numbers are always
 * shown in a table beside it.
 */
export function BarChart({ id, title, bars, unit = "", max }: { id: string; title: string; bars: Array<{ label: string; value: number }>; unit?: string; max?: number }) {
  const rowHeight = 28;
  const labelWidth = 220;
  const chartWidth = 460;
  const height = Math.max(1, bars.length) * rowHeight + 10;
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const describe = bars.map((b) => `${b.label}: ${b.value}${unit}`).join("; ");
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${labelWidth + chartWidth + 60} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{describe || "No data"}</desc>
        {bars.map((bar, i) => {
          const y = i * rowHeight + 5;
          const width = Math.round((bar.value / top) * chartWidth);
          const label = bar.label.length > 32 ? `${bar.label.slice(0, 31)}…` : bar.label;
          return (
            <g key={bar.label}>
              <text x={labelWidth - 8} y={y + 17} textAnchor="end" fontSize="13" fill="#0b0c0c">
                {label}
              </text>
              <rect x={labelWidth} y={y + 3} width={Math.max(width, 1)} height={rowHeight - 8} fill="#1d70b8" />
              <text x={labelWidth + Math.max(width, 1) + 6} y={y + 17} fontSize="13" fill="#0b0c0c">
                {bar.value}
                {unit}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="hint">{title}. The figures are in the table below.</figcaption>
    </figure>
  );
}
