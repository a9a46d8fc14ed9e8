/**
 * Account Links: single-use URLs of the emulator's hosted onboarding page (`server/onboarding.ts`),
 * like Stripe's `connect.stripe.com/setup/…`. A link expires a few minutes after it is made; an
 * expired or already visited link redirects to `refresh_url`, where the platform makes a new one.
 */
import type { Core, RequestContext } from "../core.js";
import { invalidRequest } from "../errors.js";
import { randomToken } from "../ids.js";
import { defineResource } from "../registry.js";
import { accountOrThrow } from "./accounts.js";

/** How long a link stays valid (Stripe's expire after a few minutes). */
export const ACCOUNT_LINK_TTL_SECONDS = 300;

export interface AccountLinkObject {
  object: "account_link";
  created: number;
  expires_at: number;
  url: string;
}

/** The emulator's record of a link (the token is the last segment of its URL). */
export interface AccountLinkRecord {
  token: string;
  account: string;
  type: "account_onboarding" | "account_update";
  refreshUrl: string | null;
  returnUrl: string | null;
  created: number;
  expiresAt: number;
  /** the page was opened: a second visit goes to refresh_url, as Stripe's links are single-use */
  visited: boolean;
  completed: boolean;
}

function checkUrl(value: string | undefined, param: string): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return value;
  } catch {
    // fall through to the error
  }
  throw invalidRequest(`Not a valid URL`, { param, code: "url_invalid" });
}

export function onboardingUrl(core: Core, token: string): string {
  return `${core.config.publicUrl}/connect/onboarding/${token}`;
}

export function create(ctx: RequestContext): AccountLinkObject {
  const { core, params } = ctx;
  const accountId = params.requiredString("account");
  const account = accountOrThrow(core, accountId, "account");
  const type = params.enumOf("type", ["account_onboarding", "account_update"] as const);
  if (!type) throw invalidRequest("Missing required param: type.", { param: "type", code: "parameter_missing" });
  if (type === "account_update" && account.controller.requirement_collection !== "application") {
    throw invalidRequest(`You cannot create \`account_update\` type Account Links for accounts where Stripe is responsible for collecting requirements (${account.id}); use \`account_onboarding\`.`, {
      param: "type",
    });
  }
  const collect = params.enumOf("collect", ["currently_due", "eventually_due"] as const);
  if (collect && params.has("collection_options")) throw invalidRequest("You may only specify one of these parameters: collect, collection_options.", { param: "collect" });
  const refreshUrl = checkUrl(params.string("refresh_url"), "refresh_url");
  const returnUrl = checkUrl(params.string("return_url"), "return_url");
  const created = core.nowSeconds();
  const token = randomToken(32);
  const record: AccountLinkRecord = { token, account: account.id, type, refreshUrl, returnUrl, created, expiresAt: created + ACCOUNT_LINK_TTL_SECONDS, visited: false, completed: false };
  core.platform.accountLinks.set(token, record);
  core.store.markDirty();
  return { object: "account_link", created, expires_at: record.expiresAt, url: onboardingUrl(core, token) };
}

declare module "../registry.js" {
  interface Collections {
    accountLinks: Map<string, AccountLinkRecord>;
  }
}

defineResource({
  object: "account_link",
  sdkType: "AccountLink",
  idPrefix: "acctlink",
  displayName: "account link",
  internal: ["accountLinks"],
  lookup: () => undefined,
  routes: [{ method: "POST", path: "/v1/account_links", handle: create, params: "AccountLinkCreateParams" }],
});
