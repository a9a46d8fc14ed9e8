/** Signs each demo role in once and saves the browser state for the role's specs. */
import { expect, test as setup } from "./support/test";
import { DEMO, signIn, storageStateOf, type RoleKey } from "./support/accounts";

const landing: Record<RoleKey, RegExp> = {
  customer: /\/account\/bookings$/,
  provider: /\/provider\/listings$/,
  operator: /\/admin$/,
};

for (const role of ["customer", "provider", "operator"] as const) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, DEMO[role].email, DEMO[role].password);
    await expect(page).toHaveURL(landing[role]);
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
