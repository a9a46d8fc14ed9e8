/**
 * The one safe-action wrapper. Every server action is a public POST endpoint, so each:
 *   1. resolves the session and checks the role (against the database, not only the JWT),
 *   2. parses FormData with zod,
 *   3. calls a plain domain function,
 *   4. maps typed domain errors to `{ ok: false, fieldErrors, message }`.
 * `onSuccess` runs outside any try/catch so it may `redirect()` / `revalidatePath()`.
 */
import "server-only";
import { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth";
import { isDomainError, type FieldErrors } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { echoableValues, formDataToObject } from "./form-data";
import type { FormState } from "./form-state";

export type { FormState } from "./form-state";

type Access = "public" | "user" | readonly Role[];

type Ctx<S extends z.ZodType, A extends Access> = {
  input: z.output<S>;
  user: A extends "public" ? CurrentUser | null : CurrentUser;
};

interface Options<S extends z.ZodType, A extends Access, R> {
  /** Who may call it: "public", any signed-in "user", or a list of roles. */
  access: A;
  /** Runs after success, outside try/catch: revalidatePath, redirect. Return a message. */
  onSuccess?: (result: R, ctx: Ctx<S, A>) => string | void | Promise<string | void>;
}

const idSchema = z.string().min(1).max(64);

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

function failure(formData: FormData, message: string, fieldErrors: FieldErrors = {}): FormState {
  return { ok: false, message, fieldErrors, values: echoableValues(formData) };
}

async function run<S extends z.ZodType, A extends Access, R>(
  schema: S,
  raw: unknown,
  formData: FormData,
  handler: (ctx: Ctx<S, A>) => Promise<R>,
  options: Options<S, A, R>,
): Promise<FormState> {
  const user = await getCurrentUser();
  if (options.access !== "public") {
    if (!user) return failure(formData, "Please sign in again to continue.");
    if (Array.isArray(options.access) && !options.access.includes(user.role)) {
      return failure(formData, "You are not allowed to do that.");
    }
  }

  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return failure(formData, "Please check the highlighted fields.", zodFieldErrors(parsed.error));
  }

  const ctx = { input: parsed.data, user } as Ctx<S, A>;
  let result: R;
  try {
    result = await handler(ctx);
  } catch (error) {
    if (isDomainError(error)) {
      const fieldErrors = "fieldErrors" in error ? (error.fieldErrors as FieldErrors) : {};
      return failure(formData, error.message, fieldErrors);
    }
    throw error; // unexpected: the error boundary shows the friendly page, logs keep the detail
  }
  const message = (await options.onSuccess?.(result, ctx)) ?? "Saved.";
  return { ok: true, message };
}

/** `(state, formData)` action for `useActionState`. */
export function action<S extends z.ZodType, A extends Access, R>(
  schema: S,
  handler: (ctx: Ctx<S, A>) => Promise<R>,
  options: Options<S, A, R>,
) {
  return async (_state: FormState, formData: FormData): Promise<FormState> =>
    run(schema, formDataToObject(formData), formData, handler, options);
}

/**
 * `(id, state, formData)` action: bind the id of the thing acted on with
 * `someAction.bind(null, id)`; the id is validated and passed as `input.id`.
 */
export function actionWithId<S extends z.ZodObject, A extends Access, R>(
  schema: S,
  handler: (ctx: Ctx<S, A> & { id: string }) => Promise<R>,
  options: Omit<Options<S, A, R>, "onSuccess"> & {
    onSuccess?: (result: R, ctx: Ctx<S, A> & { id: string }) => string | void | Promise<string | void>;
  },
) {
  return async (id: unknown, _state: FormState, formData: FormData): Promise<FormState> => {
    const parsedId = idSchema.safeParse(id);
    if (!parsedId.success) return failure(formData, "That item was not found.");
    const withId = (ctx: Ctx<S, A>) => ({ ...ctx, id: parsedId.data });
    return run(schema, formDataToObject(formData), formData, (ctx) => handler(withId(ctx)), {
      access: options.access,
      onSuccess: options.onSuccess ? (result, ctx) => options.onSuccess!(result, withId(ctx)) : undefined,
    });
  };
}
