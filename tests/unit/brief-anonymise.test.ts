import { describe, expect, it } from "vitest";
import { anonymise, nameSet, nominatives } from "@/lib/themes/anonymise";

const placeholders = { name: "[имя]", phone: "[телефон]", email: "[e-mail]", link: "[ссылка]" };
const names = nameSet(["Снежана", "Кравчук", "Olga", "Brown", null, "Ли"]);
const keep = new Set(["мегаплан", "битрикс24", "контур"]);
const anon = (s: string) => anonymise(s, { placeholders, names, keep });

describe("the quote anonymiser", () => {
  it.each([
    ["+7 912 345-67-89", "звоните [телефон] вечером"],
    ["8 (495) 123-45-67", "звоните [телефон] вечером"],
    ["89123456789", "звоните [телефон] вечером"],
    ["8-800-555-35-35", "звоните [телефон] вечером"],
    ["+7(912)3456789", "звоните [телефон] вечером"],
    ["(912) 345-67-89", "звоните [телефон] вечером"],
    ["345-67-89", "звоните [телефон] вечером"],
    ["+44 20 7946 0958", "звоните [телефон] вечером"],
    ["+1 (555) 123-4567", "звоните [телефон] вечером"],
    ["+375 29 123 45 67", "звоните [телефон] вечером"],
  ])("replaces the phone %s", (phone, expected) => {
    expect(anon(`звоните ${phone} вечером`)).toBe(expected);
  });

  it("leaves money, percentages, dates and times alone", () => {
    const s =
      "скидка 15%, сумма 1 500 000 руб, 150 000 ₽, 20.03.2026 в 15:00, дешевле на 20%, 3 раза, 2025 год";
    expect(anon(s)).toBe(s);
  });

  it("replaces e-mails, links to personal pages and handles, keeps a bare company site", () => {
    expect(anon("пишите irina.k@mail.ru или sales@romashka-trade.ru")).toBe("пишите [e-mail] или [e-mail]");
    expect(anon("профиль vk.com/snezhana.k и https://t.me/ivan_p")).toBe("профиль [ссылка] и [ссылка]");
    expect(anon("сайт https://amocrm.ru/ и www.megaplan.ru")).toBe(
      "сайт https://amocrm.ru/ и www.megaplan.ru",
    );
    expect(anon("в телеге @ivan_petrov")).toBe("в телеге [имя]");
  });

  it("replaces common first names in any case, with a patronymic or surname as one name", () => {
    expect(anon("Говорил с Ириной, она против")).toBe("Говорил с [имя], она против");
    expect(anon("ЛПР Сергей Петрович сказал: дорого")).toBe("ЛПР [имя] сказал: дорого");
    expect(anon("договорились с Анной Сергеевной")).toBe("договорились с [имя]");
    expect(anon("Перезвонить Сергею, у Павла нет бюджета")).toBe("Перезвонить [имя], у [имя] нет бюджета");
    expect(anon("Иван Петров ушёл в отпуск")).toBe("[имя] ушёл в отпуск");
    expect(anon("решает Кузнецов И. И., подписал И.И. Петров")).toBe("решает [имя], подписал [имя]");
  });

  it("replaces a lower-case name only after a cue word (preposition, role)", () => {
    expect(anon("созвонился с ириной, ей дорого")).toBe("созвонился с [имя], ей дорого");
    expect(anon("ирина")).toBe("ирина");
  });

  it("does not take everyday words that are names for names without a cue", () => {
    const s = "Вера в продукт есть, надежда на скидку, Роман с клиентом не сложился";
    expect(anon(s)).toBe(s);
    expect(anon("передал Вере")).toBe("передал Вере");
    expect(anon("Головной офис против, Основной договор не подписан")).toBe(
      "Головной офис против, Основной договор не подписан",
    );
    expect(anon("для Веры готовим КП")).toBe("для [имя] готовим КП");
  });

  it("replaces the portal's own people (users, contacts) and never a competitor's name", () => {
    expect(anon("Снежана Кравчук ушла в Мегаплан")).toBe("[имя] ушла в Мегаплан");
    expect(anon("у Кравчука нет денег, купили у Контура")).toBe("у [имя] нет денег, купили у Контура");
    expect(anon("Olga Brown said it's too expensive")).toBe("[имя] said it's too expensive");
    expect(anon("Ли")).toBe("Ли"); // name parts under three letters are not taken
  });

  it("knows the nominative forms a declined name comes from", () => {
    expect(nominatives("Ириной")).toContain("ирина");
    expect(nominatives("Сергею")).toContain("сергей");
    expect(nominatives("Игорем")).toContain("игорь");
    expect(nominatives("Павла")).toContain("павел");
    expect(nominatives("Марии")).toContain("мария");
  });
});
