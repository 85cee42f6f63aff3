/**
 * Unknown competitors from loss comments (lib/themes/competitor-proposals.ts), on made-up comments: which words
 * look like names, how spellings group, what is ruled out, and the deal threshold.
 */
import { describe, expect, it } from "vitest";
import {
  candidateNames,
  MIN_PROPOSAL_DEALS,
  nameKey,
  proposeCompetitors,
} from "@/lib/themes/competitor-proposals";

describe("candidateNames", () => {
  it.each([
    ["Ушли в Контур, там дешевле", ["Контур"]],
    ["клиент выбрал контур — говорит, привычнее", ["контур"]],
    ["Работают с Контуром уже три года", ["Контуром"]],
    ["Остались в «Контуре», переход дорогой", ["Контуре"]],
    ["Перешли на Kommo. Цена ниже", ["Kommo"]],
    ["Выбрали Yandex Tracker для задач", ["Yandex Tracker"]],
    ["купили у СБИС со скидкой", ["СБИС"]],
    ["Решили, что «Мой склад» удобнее", ["Мой склад"]],
    ['Поставщик ООО "Логистик Плюс" дал цену ниже', ["Логистик Плюс"]],
  ])("%s → %j", (text, names) => {
    expect(candidateNames(text)).toEqual(names);
  });

  it.each([
    ["a capital at a sentence start", "Дорого. Конкурент дал скидку больше"],
    ["the generic «ушли к конкуренту»", "ушли к конкуренту, не дождались КП"],
    ["a person's name and patronymic", "Иван Петрович сказал, что подумают"],
    ["business abbreviations", "ЛПР не согласовал, КП отправили в ООО, НДС не устроил"],
    ["quoted speech in lower case", "сказали «не алё» и пропали"],
    ["ordinary English on a Russian portal", "no budget, deal lost, ok"],
    ["an English sentence's first word", "Nice try but no budget"],
    ["a city", "Ушли к конкуренту в Москве"],
    ["a typo of an ordinary word after a trigger", "ушли к канкуренту"],
    ["lower-case English and quarters in a Russian comment", "Клиент в freeze до Q3, response нет"],
    ["markup", "<b>Дорого</b> [B]очень[/B]"],
    ["sales jargon and abbreviations", "Follow-up не было, Feedback нулевой, ИБ не пропустила до НГ"],
    ["a first name in another case", "Говорил с Дмитрием, у Дмитрия отпуск"],
    ["first names in the instrumental case", "Созвонились с Андреем и Анной, Сергеем не дозвонились"],
  ])("nothing from %s", (_what, text) => {
    expect(candidateNames(text)).toEqual([]);
  });
});

describe("nameKey", () => {
  it("groups the cases of one Russian name and keeps Latin names whole", () => {
    expect(new Set(["Контур", "Контура", "Контуром", "Контуре", "контуру"].map(nameKey))).toEqual(
      new Set(["контур"]),
    );
    expect(nameKey("Yandex Tracker")).toBe("yandex tracker");
    expect(nameKey("Ёлка")).toBe("елка");
  });
});

describe("proposeCompetitors", () => {
  const comments = [
    { dealId: 1, text: "Ушли в Контур, там дешевле" },
    { dealId: 1, text: "Контур дал скидку. Работают с Контуром" },
    { dealId: 2, text: "Выбрали Контур" },
    { dealId: 3, text: "Остались в «Контуре»" },
    { dealId: 4, text: "Перешли на Kommo" },
    { dealId: 5, text: "перешли на kommo, дешевле" },
    { dealId: 6, text: "Выбрали amoCRM" },
    { dealId: 7, text: "выбрали АмоЦРМ" },
    { dealId: 8, text: "Ушли в амо" },
    { dealId: 9, text: "Менеджер Иванов обещал перезвонить, Иванов в отпуске" },
    { dealId: 10, text: "Звонил Иванов, потом Иванов снова" },
    { dealId: 11, text: "Тимофей из Иванова сказал, что Иванов решает" },
  ];
  const exclusions = { competitors: ["amoCRM", "АмоЦРМ", "амо"], names: ["Иван Иванов"] };

  it("counts mentions and distinct deals per name, the plain form as its name, and applies the threshold", () => {
    const out = proposeCompetitors(comments, exclusions);
    expect(MIN_PROPOSAL_DEALS).toBe(3);
    expect(out).toEqual([
      {
        name: "Контур",
        key: "контур",
        forms: ["Контур", "Контуре", "Контуром"],
        mentions: 4,
        deals: 3,
      },
    ]);
    // Kommo is in 2 deals: proposed only under a lower threshold, its two spellings grouped.
    expect(proposeCompetitors(comments, exclusions, 2).map((p) => [p.name, p.mentions, p.deals])).toEqual([
      ["Контур", 4, 3],
      ["Kommo", 2, 2],
    ]);
  });

  it("never proposes a listed competitor in any spelling, a user, or a dismissed name", () => {
    const names = (ex: typeof exclusions) => proposeCompetitors(comments, ex, 1).map((p) => p.key);
    const open = names({ competitors: [], names: [] });
    expect(open).toEqual(expect.arrayContaining(["amocrm", "амоцрм", "иванов", "контур", "kommo"]));
    const closed = names({
      competitors: ["amoCRM", "АмоЦРМ", "амо", "Kommo"],
      names: ["Иван Иванов", "Контур"],
    });
    for (const k of ["amocrm", "амоцрм", "амо", "иванов", "контур", "kommo"]) expect(closed).not.toContain(k);
    // A prefix variant covers every continuation.
    expect(names({ competitors: ["Конт*"], names: [] })).not.toContain("контур");
  });
});
