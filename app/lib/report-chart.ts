/** A report's chart stays readable: at most this many bars (the most recent or largest). */
export const CHART_BARS = 30;
