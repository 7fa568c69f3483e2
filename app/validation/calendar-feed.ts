import { z } from "zod";

/** The calendar page's buttons: a new private feed address, or none. */
export const calendarFeedActionSchema = z.object({ intent: z.enum(["create", "revoke"]) });
