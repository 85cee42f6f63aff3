/**
 * The one wrapper behind every server action and API route: parse the input on the server, re-check the session
 * and role, act, answer with a typed result. Pure (no next/*): the viewer comes from an injected provider, so unit
 * tests pass a fake one. lib/auth/action.ts binds the real session.
 */
import { z } from "zod";
import type { Role } from "@/db/schema/app";
import { AppError, type AppErrorCode, errorMessage, errorStatus, type UiLocale } from "./errors";
import type { Viewer, ViewerProvider } from "./viewer";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: AppErrorCode; message: string; fieldErrors?: Record<string, string[]> };

export interface ActionDeps {
  viewer: ViewerProvider;
  /** The locale the UI is shown in (the cookie); without it, the viewer's stored locale, else Russian. */
  locale?: () => Promise<UiLocale>;
  /** Where unexpected errors go (with their full text); defaults to console.error. */
  log?: (message: string, err: unknown) => void;
}

const defaultLog = (message: string, err: unknown) => console.error(message, err);

/** FormData → plain object; repeated keys become arrays; React's internal `$ACTION_*` fields are dropped. */
export function formDataToObject(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

const NUL_MESSAGE: Record<UiLocale, string> = {
  ru: "Недопустимый символ NUL",
  en: "Contains a NUL character",
};

/** Where in a plain input (strings, arrays, objects; files are skipped) a NUL character hides. */
export function nulPaths(value: unknown, path = ""): string[] {
  if (typeof value === "string") return value.includes("\u0000") ? [path || "_form"] : [];
  if (Array.isArray(value)) return value.flatMap((v) => nulPaths(v, path));
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.entries(value).flatMap(([k, v]) => nulPaths(v, path ? `${path}.${k}` : k));
  return [];
}

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

function failure(
  code: AppErrorCode,
  locale: UiLocale,
  extra: { fieldErrors?: Record<string, string[]>; message?: string } = {},
): ActionResult<never> {
  return {
    ok: false,
    code,
    message: extra.message ?? errorMessage(code, locale),
    ...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {}),
  };
}

export interface ActionSpec<S extends z.ZodType> {
  input: S;
  roles: readonly Role[];
}

/**
 * Order: authenticate → authorise → validate → act. Checking the session first means a signed-out caller learns
 * nothing about the input's shape. Thrown AppErrors become their code; anything else is logged and reported as
 * INTERNAL with the table's generic message, never the error's own text.
 */
export function createDefineAction(deps: ActionDeps) {
  const log = deps.log ?? defaultLog;
  return function defineAction<S extends z.ZodType, T>(
    spec: ActionSpec<S>,
    handler: (input: z.output<S>, viewer: Viewer) => Promise<T>,
  ): (raw: z.input<S> | FormData) => Promise<ActionResult<T>> {
    return async (raw) => {
      let locale: UiLocale = "ru";
      try {
        const viewer = await deps.viewer();
        locale = deps.locale ? await deps.locale() : (viewer?.locale ?? "ru");
        if (!viewer) return failure("UNAUTHENTICATED", locale);
        if (!spec.roles.includes(viewer.role)) return failure("FORBIDDEN", locale);
        const input = raw instanceof FormData ? formDataToObject(raw) : raw;
        // Postgres text cannot hold NUL: refused here for every action, in words, instead of a failed query.
        const withNul = nulPaths(input);
        if (withNul.length)
          return failure("VALIDATION", locale, {
            fieldErrors: Object.fromEntries(withNul.map((k) => [k, [NUL_MESSAGE[locale]]])),
          });
        const parsed = await spec.input.safeParseAsync(input, {
          error: (locale === "en" ? z.locales.en() : z.locales.ru()).localeError,
        });
        if (!parsed.success)
          return failure("VALIDATION", locale, { fieldErrors: fieldErrorsOf(parsed.error) });
        return { ok: true, data: await handler(parsed.data, viewer) };
      } catch (err) {
        if (err instanceof AppError)
          return failure(err.code, locale, { message: err.publicMessage?.[locale] });
        log("[action] failed", err);
        return failure("INTERNAL", locale);
      }
    };
  };
}

function jsonError(code: AppErrorCode, locale: UiLocale, message?: string): Response {
  return Response.json(
    { error: code, message: message ?? errorMessage(code, locale) },
    { status: errorStatus(code), headers: { "Cache-Control": "no-store" } },
  );
}

/** The same checks for route handlers: 401 JSON without a session, 403 for the wrong role, 500 without details. */
export function createWithRoute(deps: ActionDeps) {
  const log = deps.log ?? defaultLog;
  return function withRoute<C = unknown>(
    roles: readonly Role[],
    handler: (request: Request, viewer: Viewer, context: C) => Promise<Response>,
  ): (request: Request, context: C) => Promise<Response> {
    return async (request, context) => {
      let locale: UiLocale = "ru";
      try {
        const viewer = await deps.viewer();
        locale = deps.locale ? await deps.locale() : (viewer?.locale ?? "ru");
        if (!viewer) return jsonError("UNAUTHENTICATED", locale);
        if (!roles.includes(viewer.role)) return jsonError("FORBIDDEN", locale);
        return await handler(request, viewer, context);
      } catch (err) {
        if (err instanceof AppError) return jsonError(err.code, locale, err.publicMessage?.[locale]);
        log("[route] failed", err);
        return jsonError("INTERNAL", locale);
      }
    };
  };
}
