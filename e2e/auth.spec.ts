import { expect, type Page, type Request, test } from "@playwright/test";
import { admin, ensureAdmin, startFreshServer } from "./support";

/**
 * Sign-in, roles, sign-out and first run. The first-run /setup needs an empty database, so that test runs on a
 * fresh server of its own; the others use the shared server, where the admin exists (made here if this spec runs
 * first). The tests after the second use the director it creates: they run in order.
 */
test.describe.configure({ mode: "serial" });

const director = { name: "Дмитрий Директоров", email: "director@e2e.test", password: "director-pass-1" };

class LoginPage {
  constructor(private readonly page: Page) {}
  async goto(next?: string) {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
    await expect(this.page.getByRole("heading", { name: "Вход в систему" })).toBeVisible();
  }
  async signIn(email: string, password: string) {
    await this.page.getByLabel("E-mail").fill(email);
    await this.page.getByLabel("Пароль").fill(password);
    // Wait for the server action's answer: typing into the next attempt while one is in flight would be wiped by
    // React's form reset when it lands.
    await Promise.all([
      this.page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login",
      ),
      this.page.getByRole("button", { name: "Войти" }).click(),
    ]);
  }
}

/** The form's own message (Next's route announcer is a second, empty role=alert on every page). */
const formAlert = (page: Page) => page.locator("form").getByRole("alert");

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await ensureAdmin(page);
  await page.close();
});

test("an empty database sends every visitor to /setup, which creates the first admin", async ({
  browser,
}) => {
  test.setTimeout(240_000); // a second server starting on an empty database, on a loaded machine
  const fresh = await startFreshServer();
  const ctx = await browser.newContext({ baseURL: fresh.baseURL });
  try {
    await firstRun(await ctx.newPage());
  } finally {
    await ctx.close();
    await fresh.stop();
  }
});

async function firstRun(page: Page) {
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login\?next=%2Fusers$|\/setup$/);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Первый запуск" })).toBeVisible();
  await shot(page, "setup");

  await page.getByLabel("Имя").fill(admin.name);
  await page.getByLabel("E-mail").fill(admin.email);
  await page.getByLabel("Пароль").fill("short");
  await page.getByRole("button", { name: "Создать администратора" }).click();
  await expect(formAlert(page)).toContainText("не короче 10 символов");
  await expect(page.getByLabel("E-mail")).toHaveValue(admin.email);

  await page.getByLabel("Пароль").fill(admin.password);
  await page.getByRole("button", { name: "Создать администратора" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("navigation", { name: "Разделы" })).toBeVisible();

  // Once a user exists, /setup is gone.
  const res = await page.request.get("/setup");
  expect(res.status()).toBe(404);
}

test("the admin signs in, sees the shell, creates a director, signs out", async ({ page }) => {
  const login = new LoginPage(page);
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login\?next=%2Fusers$/);
  await shot(page, "login");

  await login.signIn(admin.email, "wrong-password");
  await expect(formAlert(page)).toHaveText("Неверный e-mail или пароль");
  await expect(page.getByLabel("E-mail")).toHaveValue(admin.email);
  await shot(page, "login-error");

  await login.signIn(admin.email, admin.password);
  await expect(page).toHaveURL(/\/users$/);
  const nav = page.getByRole("navigation", { name: "Разделы" });
  for (const item of ["Обзор", "Настройки", "Пользователи", "Журнал"])
    await expect(nav.getByRole("link", { name: item })).toBeVisible();
  await expect(page.getByRole("region", { name: "Учётная запись" })).toContainText(admin.email);

  await page.getByRole("link", { name: "Обзор" }).click();
  await expect(page).toHaveURL(/\/overview$/);
  await shot(page, "shell");

  await page.getByRole("link", { name: "Пользователи" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Пользователи" })).toBeVisible();
  const create = page.getByRole("region", { name: "Новый пользователь" });
  await create.getByLabel("E-mail").fill(director.email);
  await create.getByLabel("Имя").fill(director.name);
  await create.getByRole("combobox").selectOption("director");
  await create.getByLabel("Пароль").fill(director.password);
  await create.getByRole("button", { name: "Создать" }).click();
  await expect(create.getByRole("status")).toHaveText("Пользователь создан");
  const row = page.getByRole("row").filter({ hasText: director.email });
  await expect(row).toBeVisible();
  await expect(row.getByRole("combobox", { name: `Роль: ${director.email}` })).toHaveValue("director");

  // The same e-mail again is refused in words.
  await create.getByLabel("E-mail").fill(director.email);
  await create.getByLabel("Имя").fill("Дубль");
  await create.getByLabel("Пароль").fill(director.password);
  await create.getByRole("button", { name: "Создать" }).click();
  await expect(create.getByRole("alert")).toContainText("уже есть");
  await shot(page, "users");

  await page.getByRole("link", { name: "Журнал" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Журнал" })).toBeVisible();
  const table = page.getByRole("table");
  await expect(table).toContainText("неудачный вход");
  await expect(table).toContainText("пользователь создан");
  await shot(page, "audit");

  await page.getByRole("button", { name: "Выйти" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/overview");
  await expect(page).toHaveURL(/\/login\?next=%2Foverview$/);
});

test("the director signs in and is refused the admin pages and actions", async ({ page, request }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(director.email, director.password);
  await expect(page).toHaveURL(/\/overview$/);
  const nav = page.getByRole("navigation", { name: "Разделы" });
  await expect(nav.getByRole("link", { name: "Обзор" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Пользователи" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Настройки" })).toHaveCount(0);

  for (const path of ["/users", "/audit", "/settings"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Страница не найдена" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Пользователи" })).toHaveCount(0);
  }
  await shot(page, "director-refused");

  // Admin-only API answers 403 to a signed-in director, 401 to nobody.
  expect((await page.request.get("/api/sync/status?portal=1")).status()).toBe(403);
  const anon = await request.get("/api/sync/status?portal=1");
  expect(anon.status()).toBe(401);
  expect(await anon.json()).toMatchObject({ error: "UNAUTHENTICATED" });
});

test("security headers and the English switch", async ({ page }) => {
  const res = await page.goto("/login");
  const headers = res?.headers() ?? {};
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await shot(page, "login-en");
  await page.getByRole("button", { name: "Русский" }).click();
  await expect(page.getByRole("heading", { name: "Вход в систему" })).toBeVisible();
});

test("the 6th failed sign-in in 5 minutes is refused as rate-limited, in words", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  for (let i = 1; i <= 5; i++) {
    await login.signIn("guess@e2e.test", `guess-${i}`);
    await expect(formAlert(page)).toHaveText("Неверный e-mail или пароль");
    // React resets the form once the answer is committed, a moment after the response: wait for it, or the next
    // attempt's typing is wiped and an empty form is sent (seen on a loaded machine).
    await expect(page.getByLabel("Пароль")).toHaveValue("");
  }
  await login.signIn("guess@e2e.test", "guess-6");
  await expect(formAlert(page)).toHaveText(
    "Слишком много неудачных попыток входа. Подождите несколько минут и попробуйте снова",
  );
  await shot(page, "login-rate-limited");
});

test("signing out from a report page ends the session for good, even with requests in flight", async ({
  page,
}) => {
  // A report page prefetches its links; each answer used to re-issue the session cookie after sign-out removed it.
  // So the check waits until every request the page started has been answered (or failed), then tries the cookie
  // jar as it stands: whatever it holds must no longer open a page.
  const inFlight = new Set<Request>();
  page.on("request", (r) => inFlight.add(r));
  page.on("requestfinished", (r) => inFlight.delete(r));
  page.on("requestfailed", (r) => inFlight.delete(r));
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(director.email, director.password);
  await page.goto("/overview");
  await page.getByRole("button", { name: "Выйти" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect.poll(() => inFlight.size, { message: "requests still in flight after sign-out" }).toBe(0);
  await page.goto("/overview");
  await expect(page).toHaveURL(/\/login\?next=%2Foverview$/);
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Вход в систему" })).toBeVisible();
});

test("an admin action replayed by a director's session by direct POST changes nothing; names render inert", async ({
  browser,
}) => {
  const XSS_NAME = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
  const adminCtx = await browser.newContext();
  const a = await adminCtx.newPage();
  const adminLogin = new LoginPage(a);
  await adminLogin.goto();
  await adminLogin.signIn(admin.email, admin.password);
  await a.goto("/users");
  const create = a.getByRole("region", { name: "Новый пользователь" });

  // A user whose name is markup: listed as text, nothing runs.
  await create.getByLabel("E-mail").fill("xss-name@e2e.test");
  await create.getByLabel("Имя").fill(XSS_NAME);
  await create.getByRole("combobox").selectOption("manager");
  await create.getByLabel("Пароль").fill("xss-name-pass-1");
  await create.getByRole("button", { name: "Создать" }).click();
  await expect(a.getByRole("row").filter({ hasText: XSS_NAME }).first()).toBeVisible();
  expect(await a.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  await expect(a.locator("img[src=x]")).toHaveCount(0);

  // Capture the "create user" server action the admin's page would send, without letting it through.
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | null = null;
  await a.route("**/users", async (route) => {
    const req = route.request();
    if (req.method() !== "POST") return route.continue();
    captured = {
      url: req.url(),
      headers: await req.allHeaders(),
      body: req.postDataBuffer() ?? Buffer.from(""),
    };
    await route.abort();
  });
  await create.getByLabel("E-mail").fill("replayed@e2e.test");
  await create.getByLabel("Имя").fill("Replayed");
  await create.getByRole("combobox").selectOption("admin");
  await create.getByLabel("Пароль").fill("replayed-pass-1");
  await create.getByRole("button", { name: "Создать" }).click();
  await expect.poll(() => captured !== null).toBe(true);
  const action = captured as unknown as { url: string; headers: Record<string, string>; body: Buffer };
  expect(action.headers["next-action"]).toBeTruthy();

  // The director replays it with their own session: the action re-checks the role and refuses.
  const dirCtx = await browser.newContext();
  const d = await dirCtx.newPage();
  const dirLogin = new LoginPage(d);
  await dirLogin.goto();
  await dirLogin.signIn(director.email, director.password);
  const headers = Object.fromEntries(
    Object.entries(action.headers).filter(([k]) => !["cookie", "content-length", "host"].includes(k)),
  );
  const res = await d.request.post(action.url, { headers, data: action.body });
  expect(res.status()).toBeLessThan(500);
  expect(await res.text()).not.toContain("replayed@e2e.test");

  // Signed out entirely: refused too.
  const anon = await browser.newContext();
  const anonRes = await anon.request.post(action.url, { headers, data: action.body, maxRedirects: 0 });
  expect([303, 307, 401, 403, 404]).toContain(anonRes.status());

  // Nothing was created.
  await a.unroute("**/users");
  await a.goto("/users");
  await expect(a.getByRole("row").filter({ hasText: "replayed@e2e.test" })).toHaveCount(0);

  // Control: the very same request with the admin's session does create the user, so the replay was a real action.
  await a.request.post(action.url, { headers, data: action.body });
  await a.goto("/users");
  await expect(a.getByRole("row").filter({ hasText: "replayed@e2e.test" }).first()).toBeVisible();
  await Promise.all([adminCtx.close(), dirCtx.close(), anon.close()]);
});
