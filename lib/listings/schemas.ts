/**
 * Zod schemas for listing forms. FormData values are strings: numbers go through
 * z.coerce, prices through exact string parsing into integer minor units.
 */
import { z } from "zod";
import { CURRENCIES, parseMoneyToMinor } from "@/lib/money";
import { isLocalDate, isValidTimeZone, parseTimeOfDay, type LocalDate } from "@/lib/time";
import { text as cleanText } from "@/lib/validation";
import type { OpeningSlot } from "./opening-hours";

export { SLOTS_PER_DAY } from "./opening-hours";
export const MAX_PRICE_MINOR = 100_000_00;
const PRICE_HINT = "Enter a price like 45 or 45.50 (at most 100000).";

const text = (label: string, min: number, max: number) =>
  cleanText({ error: `Enter the ${label}.` })
    .trim()
    .min(min, { error: min <= 1 ? `Enter the ${label}.` : `The ${label} needs at least ${min} characters.` })
    .max(max, { error: `The ${label} can have at most ${max} characters.` });

const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter the ${label} as a number.` })
    .int({ error: `The ${label} must be a whole number.` })
    .min(min, { error: `The ${label} must be at least ${min}.` })
    .max(max, { error: `The ${label} can be at most ${max}.` });

export const listingDetailsSchema = z
  .object({
    title: text("title", 3, 120),
    description: text("description", 20, 5000),
    city: text("city", 2, 80),
    address: text("address", 3, 200),
    // Optional: empty means none (stored as null); left out, it is left as it is.
    arrivalNotes: cleanText({ error: "Enter the arrival notes as text." })
      .trim()
      .max(1000, { error: "The arrival notes can have at most 1000 characters." })
      .transform((notes) => (notes ? notes : null))
      .optional(),
    timeZone: cleanText({ error: "Choose a time zone." })
      .refine(isValidTimeZone, { error: "Choose a valid time zone." }),
    currency: z.enum(CURRENCIES, { error: "Choose a currency." }),
    price: cleanText({ error: "Enter the price per hour." })
      .trim()
      .min(1, { error: "Enter the price per hour." })
      .refine(
        (text) => {
          const minor = parseMoneyToMinor(text, "EUR"); // format check; the currency's own digits are checked below
          return minor !== null && minor >= 1 && minor <= MAX_PRICE_MINOR;
        },
        { error: PRICE_HINT },
      ),
    capacity: wholeNumber("capacity", 1, 50),
    minHours: wholeNumber("minimum hours", 1, 12),
    /** "" (or absent): the marketplace default policy. */
    cancellationPolicy: z
      .enum(["", "FLEXIBLE", "MODERATE", "STRICT"], { error: "Choose a cancellation policy." })
      .optional()
      .transform((v) => (v === undefined ? undefined : v === "" ? null : v)),
  })
  .transform((value, ctx) => {
    const hourlyPrice = parseMoneyToMinor(value.price, value.currency);
    if (hourlyPrice === null || hourlyPrice < 1 || hourlyPrice > MAX_PRICE_MINOR) {
      ctx.addIssue({
        code: "custom",
        path: ["price"],
        message: PRICE_HINT,
      });
      return z.NEVER;
    }
    const { price: _price, cancellationPolicy, ...rest } = value;
    // Absent from the form: leave the listing's policy as it is.
    return { ...rest, hourlyPrice, ...(cancellationPolicy === undefined ? {} : { cancellationPolicy }) };
  });

export type ListingDetails = z.output<typeof listingDetailsSchema>;

const FIELD = /^hours\.([1-7])\.(\d)\.(opens|closes)$/;

/**
 * The weekly plan from flat form fields `hours.<weekday>.<slot>.opens|closes` ("HH:MM").
 * Both empty: no slot. One empty or a bad time: an error on `hours.<weekday>`.
 * Domain rules (opens < closes, no overlaps) are checked by validateOpeningPlan.
 */
export const openingHoursFormSchema = z
  .record(z.string(), z.unknown())
  .transform((fields, ctx): OpeningSlot[] => {
    const draft = new Map<string, { weekday: number; opens?: string; closes?: string }>();
    for (const [key, value] of Object.entries(fields)) {
      const match = FIELD.exec(key);
      if (!match || typeof value !== "string") continue;
      const weekday = Number(match[1]);
      const id = `${weekday}.${match[2]}`;
      const entry = draft.get(id) ?? { weekday };
      entry[match[3] as "opens" | "closes"] = value.trim();
      draft.set(id, entry);
    }
    const slots: OpeningSlot[] = [];
    for (const entry of draft.values()) {
      if (!entry.opens && !entry.closes) continue;
      const opensAt = entry.opens ? parseTimeOfDay(entry.opens) : null;
      const closesAt = entry.closes ? parseTimeOfDay(entry.closes) : null;
      if (opensAt === null || closesAt === null) {
        const notATime = [entry.opens, entry.closes].find((text) => text && parseTimeOfDay(text) === null);
        ctx.addIssue({
          code: "custom",
          path: [`hours.${entry.weekday}`],
          message: notATime
            ? `“${notATime.slice(0, 20)}” is not a time: write it as HH:MM, from 00:00 to 24:00.`
            : "Give both an opening and a closing time (HH:MM), or leave both empty.",
        });
        continue;
      }
      slots.push({ weekday: entry.weekday, opensAt, closesAt });
    }
    return slots;
  });

export const localDateSchema = cleanText({ error: "Choose a date." })
  .trim()
  .refine(isLocalDate, { error: "Choose a valid date." })
  .transform((d) => d as LocalDate);

export const blockedDateSchema = z.object({
  date: localDateSchema,
  reason: cleanText().trim().max(200).optional().transform((r) => r || undefined),
});

export const bundledPhotoSchema = z.object({
  url: z
    .string({ error: "Choose a picture." })
    .regex(/^\/saunas\/[a-z0-9-]+\.(jpg|jpeg|png|webp)$/, { error: "Choose one of the bundled pictures." }),
  alt: cleanText().trim().max(200).optional(),
});

export const searchSchema = z.object({
  city: cleanText()
    .trim()
    .max(80, { error: "Enter a city of at most 80 characters." })
    .optional()
    .transform((c) => c || undefined),
  date: z
    .string()
    .trim()
    .optional()
    .transform((d) => (d && isLocalDate(d) ? (d as LocalDate) : undefined)),
  guests: z.coerce.number().int().min(1).max(50).optional().catch(undefined),
});
export interface SearchCriteria {
  city?: string;
  date?: LocalDate;
  guests?: number;
}

/**
 * The search of a URL, leniently: a bad criterion is left out (and explained in `errors`)
 * while the others still apply. Never throws.
 */
export function parseSearchCriteria(raw: Record<string, unknown>): { criteria: SearchCriteria; errors: string[] } {
  const input = { city: raw.city, date: raw.date, guests: raw.guests };
  const result = searchSchema.safeParse(input);
  if (result.success) return { criteria: result.data, errors: [] };
  const bad = new Set(result.error.issues.map((issue) => String(issue.path[0])));
  const rest = Object.fromEntries(Object.entries(input).filter(([key]) => !bad.has(key)));
  const retry = searchSchema.safeParse(rest);
  return { criteria: retry.success ? retry.data : {}, errors: [...new Set(result.error.issues.map((issue) => issue.message))] };
}

export const quoteSchema = z.object({
  date: localDateSchema,
  start: z
    .string({ error: "Choose a start time." })
    .transform((t, ctx) => {
      const minutes = parseTimeOfDay(t);
      if (minutes === null) {
        ctx.addIssue({ code: "custom", message: "Choose a start time." });
        return z.NEVER;
      }
      return minutes;
    }),
  end: z
    .string({ error: "Choose an end time." })
    .transform((t, ctx) => {
      const minutes = parseTimeOfDay(t);
      if (minutes === null) {
        ctx.addIssue({ code: "custom", message: "Choose an end time." });
        return z.NEVER;
      }
      return minutes;
    }),
  guests: wholeNumber("number of guests", 1, 100),
});

/** A new listing: its details and its weekly plan, from one form. */
export const newListingSchema = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const details = listingDetailsSchema.safeParse(raw);
  const hours = openingHoursFormSchema.safeParse(raw);
  for (const issue of [...(details.error?.issues ?? []), ...(hours.error?.issues ?? [])]) {
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
  if (!details.success || !hours.success) return z.NEVER;
  return { details: details.data, openingHours: hours.data };
});

export const photoUploadSchema = z.object({
  photo: z.instanceof(File, { error: "Choose a photo to upload." }),
  alt: cleanText().trim().max(200).optional(),
});

export const activeSchema = z.object({
  active: z.enum(["true", "false"]).transform((v) => v === "true"),
});
