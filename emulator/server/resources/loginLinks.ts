/**
 * Login links: a single-use URL into the Express Dashboard of an Express account (one whose
 * `controller.stripe_dashboard.type` is `express`) that has finished onboarding. The emulator
 * serves a small dashboard page of its own at that URL (`server/onboarding.ts`).
 */
import type { RequestContext } from "../core.js";
import { invalidRequest } from "../errors.js";
import { randomToken } from "../ids.js";
import { defineResource } from "../registry.js";
import { accountOrThrow } from "./accounts.js";

export interface LoginLinkObject {
  object: "login_link";
  created: number;
  url: string;
}

export interface LoginLinkRecord {
  token: string;
  account: string;
  created: number;
  visited: boolean;
}

export function create(ctx: RequestContext, accountId: string): LoginLinkObject {
  const { core } = ctx;
  const account = accountOrThrow(core, accountId, "account");
  if (account.controller.stripe_dashboard.type !== "express") {
    throw invalidRequest("Cannot create a login link for an account that does not have access to the Express Dashboard.", { param: "account" });
  }
  if (!account.details_submitted) {
    throw invalidRequest("Cannot create a login link for an account that has not completed onboarding.", { param: "account" });
  }
  const token = randomToken(32);
  const created = core.nowSeconds();
  core.platform.loginLinks.set(token, { token, account: account.id, created, visited: false });
  core.store.markDirty();
  return { object: "login_link", created, url: `${core.config.publicUrl}/connect/express/${token}` };
}

declare module "../registry.js" {
  interface Collections {
    loginLinks: Map<string, LoginLinkRecord>;
  }
}

defineResource({
  object: "login_link",
  sdkType: "LoginLink",
  idPrefix: "loginlink",
  displayName: "login link",
  internal: ["loginLinks"],
  lookup: () => undefined,
  routes: [{ method: "POST", path: "/v1/accounts/:id/login_links", handle: create, params: "AccountCreateLoginLinkParams" }],
});
