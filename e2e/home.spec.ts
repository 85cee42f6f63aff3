import { expect, test } from "@playwright/test";

test("home page shows the product and a live database status", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "LossLens" })).toBeVisible();
  const status = page.getByRole("region", { name: "Состояние системы" });
  await expect(status).toBeVisible();
  // Anonymous: up and the schema version; the database kind and counts are for admins (hostile-auth.spec.ts).
  await expect(status.getByText("работает")).toBeVisible();
  await expect(status.getByText(/^\d+ · \d{4}_\w+$/)).toBeVisible();
  await page.screenshot({ path: "e2e/artifacts/home.png", fullPage: true });
});

test("health route reports up and the migration version to anyone", async ({ page, request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toEqual({
    ok: true,
    migrations: { applied: expect.any(Number), latest: expect.any(String), pending: 0 },
  });
  expect(body.migrations.latest).toMatch(/^\d{4}_\w+$/);
  await page.goto("/api/health");
  await expect(page.locator("body")).toContainText('"ok":true');
  await page.screenshot({ path: "e2e/artifacts/health.png" });
});
