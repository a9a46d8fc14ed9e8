/**
 * The one safe-action wrapper. Every server action is a public POST endpoint, so each:
 *   1. resolves the session and checks the role (against the database, not only the JWT),
 *   2. parses FormData with zod (anything else — a plain object from a hand-made call — and
 *      text with control characters are refused with a clear message before that),
 *   3. calls a plain domain function,
 *   4. maps typed domain errors to `{ ok: false, fieldErrors, message }`.
 * `onSuccess` runs outside any try/catch so it may `redirect()` / `revalidatePath()`;
 * it returns the confirmation message, or `{ message, data }` for the form to show.
 */
import "server-only";
import { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth";
import { isDomainError, type FieldErrors } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { CONTROL_CHARACTER_MESSAGE, idSchema, isCleanText } from "@/lib/validation";
import { echoableValues, formDataToObject } from "./form-data";
import type { FormState } from "./form-state";

export type { FormState } from "./form-state";

export type Access = "public" | "user" | readonly Role[];

export type ActionContext<S extends z.ZodType, A extends Access> = {
  input: z.output<S>;
  user: A extends "public" ? CurrentUser | null : CurrentUser;
};

type Success<D> = string | void | { message: string; data: D };

interface Options<Ctx, R, D> {
  /** Who may call it: "public", any signed-in "user", or a list of roles. */
  access: Access;
  onSuccess?: (result: R, ctx: Ctx) => Success<D> | Promise<Success<D>>;
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

function failure<D>(formData: FormData, message: string, fieldErrors: FieldErrors = {}): FormState<D> {
  return { ok: false, message, fieldErrors, values: echoableValues(formData) };
}

/** Server actions are public endpoints: their argument may be anything a client sends. */
export const NOT_A_FORM_MESSAGE = "This request did not come from one of our forms. Please reload the page and try again.";

function notAForm<D>(): FormState<D> {
  return { ok: false, message: NOT_A_FORM_MESSAGE, fieldErrors: {}, values: {} };
}

/** Field errors for text values with control characters (PostgreSQL refuses NUL). */
function controlCharacterErrors(formData: FormData): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !isCleanText(value)) fieldErrors[key] = [CONTROL_CHARACTER_MESSAGE];
    if (!isCleanText(key)) fieldErrors.form = [CONTROL_CHARACTER_MESSAGE];
  }
  return fieldErrors;
}

async function run<S extends z.ZodType, A extends Access, Ctx extends ActionContext<S, A>, R, D>(
  schema: S,
  formData: FormData,
  makeContext: (base: ActionContext<S, A>) => Ctx,
  handler: (ctx: Ctx) => Promise<R>,
  options: Options<Ctx, R, D>,
): Promise<FormState<D>> {
  const user = await getCurrentUser();
  if (options.access !== "public") {
    if (!user) return failure(formData, "Please sign in again to continue.");
    if (Array.isArray(options.access) && !options.access.includes(user.role)) {
      return failure(formData, "You are not allowed to do that.");
    }
  }

  const unclean = controlCharacterErrors(formData);
  if (Object.keys(unclean).length > 0) return failure(formData, "Please check the highlighted fields.", unclean);

  const parsed = schema.safeParse(formDataToObject(formData));
  if (!parsed.success) {
    return failure(formData, "Please check the highlighted fields.", zodFieldErrors(parsed.error));
  }

  const ctx = makeContext({ input: parsed.data, user } as ActionContext<S, A>);
  let result: R;
  try {
    result = await handler(ctx);
  } catch (error) {
    if (isDomainError(error)) {
      const fieldErrors = "fieldErrors" in error ? (error.fieldErrors as FieldErrors) : {};
      return failure(formData, error.message, fieldErrors);
    }
    throw error; // unexpected: the error boundary shows the friendly page; the log keeps the detail
  }
  const success = await options.onSuccess?.(result, ctx);
  if (success && typeof success === "object") return { ok: true, message: success.message, data: success.data };
  return { ok: true, message: success || "Saved." };
}

/** A `(state, formData)` action for `useActionState`. */
export function action<S extends z.ZodType, A extends Access, R, D = undefined>(
  schema: S,
  handler: (ctx: ActionContext<S, A>) => Promise<R>,
  options: Options<ActionContext<S, A>, R, D> & { access: A },
) {
  return async (_state: FormState<D>, formData: FormData): Promise<FormState<D>> => {
    if (!(formData instanceof FormData)) return notAForm();
    return run(schema, formData, (ctx) => ctx, handler, options);
  };
}

/**
 * An `(id, state, formData)` action: bind the id of the thing acted on with
 * `someAction.bind(null, id)`; it is validated and handed over as `ctx.id`.
 */
export function actionWithId<S extends z.ZodType, A extends Access, R, D = undefined>(
  schema: S,
  handler: (ctx: ActionContext<S, A> & { id: string }) => Promise<R>,
  options: Options<ActionContext<S, A> & { id: string }, R, D> & { access: A },
) {
  return async (id: string, _state: FormState<D>, formData: FormData): Promise<FormState<D>> => {
    if (!(formData instanceof FormData)) return notAForm();
    const parsedId = idSchema.safeParse(id);
    if (!parsedId.success) return failure(formData, "That item was not found.");
    return run(schema, formData, (ctx: ActionContext<S, A>) => Object.assign({}, ctx, { id: parsedId.data }), handler, options);
  };
}

/** For actions with no fields besides the bound id. */
export const noFields = z.object({});
