/** The age bands the board's report groups open and closed barriers by, youngest first. */
export const AGE_BANDS = [
  { id: "under-30", label: "Under 30 days", max: 30 },
  { id: "30-90", label: "30 to 89 days", max: 90 },
  { id: "90-180", label: "90 to 179 days", max: 180 },
  { id: "180-plus", label: "180 days or more", max: Infinity },
] as const;
