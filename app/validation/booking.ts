import { z } from "zod";

export const bookingActionSchema = z.object({
  intent: z.enum(["book", "cancel", "apologies"], { error: "Choose what to do" }),
  deputyId: z
    .string()
    .trim()
    .regex(/^\d*$/, "Choose a deputy from the list")
    .default("")
    .transform((v) => (v === "" ? null : Number(v))),
});
