import { expect, test } from "@playwright/test";

test("home page shows the product and a live database status", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "LossLens" })).toBeVisible();
  const status = page.getByRole("region", { name: "Состояние системы" });
  await expect(status).toBeVisible();
  await expect(status.getByText("встроенная PGlite")).toBeVisible();
  await expect(status.getByText(/^\d+ · \d{4}_\w+$/)).toBeVisible();
  await page.screenshot({ path: "e2e/artifacts/home.png", fullPage: true });
});

test("health route reports the db kind, migration version and row counts", async ({ page, request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ ok: true, db: "pglite", migrations: { pending: 0 } });
  expect(body.migrations.latest).toMatch(/^\d{4}_\w+$/);
  expect(typeof body.counts.portals).toBe("number");
  expect(typeof body.counts.deals).toBe("number");
  await page.goto("/api/health");
  await expect(page.locator("body")).toContainText('"db":"pglite"');
  await page.screenshot({ path: "e2e/artifacts/health.png" });
});
