import { z } from "zod";

/** Recording a move: the organisation they now work for, by its id from the list. */
export const memberMoveSchema = z.object({
  organisationId: z.coerce
    .number({ error: "Choose the organisation you have moved to" })
    .int("Choose the organisation you have moved to")
    .positive("Choose the organisation you have moved to"),
});
