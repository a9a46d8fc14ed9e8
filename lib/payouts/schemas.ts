/** What the payouts pages accept from outside: the month of a host's statement. */
import { z } from "zod";

/** `YYYY-MM`, a month between 2000 and 2100. */
export const statementMonthSchema = z
  .string({ error: "Choose a month (YYYY-MM)." })
  .regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, "Choose a month as YYYY-MM, for example 2026-11.");
