/**
 * Competitor names in every spelling, case, inflection and script. The product's seven have hand-written
 * spellings (nicknames, transliterations, typos managers type); every name and variant on the portal's list
 * is also matched with Russian case endings and in the other script (Kwork → кворк, Контур → kontur).
 */
import { patternSource } from "./pattern";

export interface CompetitorEntry {
  name: string;
  variants: readonly string[];
}

const L = "[a-zа-я0-9]";
const CRM = "(crm|срм|црм|cрм)";

/** Spellings of the product's seven beyond what generation gives (normalised text; pattern.ts language). */
const KNOWN: Record<string, readonly string[]> = {
  amoCRM: [`(amo|амо)[\\s.:-]*${CRM}?=`, `(amo|амо)${CRM}=`, "(амочк|амоха|амох)"],
  Мегаплан: ["(мегаплан|megaplan|мега= план|mega= plan)"],
  RetailCRM: [`(retail|ритейл|ретейл|ритеил|ретаил|рител|ретэйл)[\\s-]*${CRM}`],
  "1С:CRM": [
    `(1[сc]|один= эс)[\\s:.-]*(${CRM}|унф|упп|erp|ерп|ут=|ка=|уат|бухгалтери|предприяти|управлени|комплексн|документооборот|розниц|франч)`,
    "(1[сc]ка|1[сc]ку|1[сc]кой|1[сc]ке|однуэску|одинэс)",
    "(остал|остат|останут|останет|остают|остаем|остаёт|остается|переход|перешл|перешли|выбрал|взял|победил|настоял|внедр|ставят|поставят|сидят|живут|работают|ведут|продлил) … (в|на)= 1[сc]=",
  ],
  Salesforce: ["(salesforce|sales= force|салесфорс|сейлсфорс|сэйлсфорс|салесфорц|sfdc=)"],
  HubSpot: ["(hubspot|hub= spot|хабспот|хаб= спот|хабспод|hub-spot)"],
  Pipedrive: ["(pipedrive|pipe= drive|пайпдрайв|пипедрайв|пайп= драйв|пайпдрайф|pipe-drive|пайпдрайвы)"],
};

const LAT_TO_CYR: Record<string, string> = {
  a: "а",
  b: "б",
  c: "к",
  d: "д",
  e: "е",
  f: "ф",
  g: "г",
  h: "х",
  i: "и",
  j: "дж",
  k: "к",
  l: "л",
  m: "м",
  n: "н",
  o: "о",
  p: "п",
  q: "к",
  r: "р",
  s: "с",
  t: "т",
  u: "у",
  v: "в",
  w: "в",
  x: "кс",
  y: "и",
  z: "з",
};
const CYR_TO_LAT: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "h",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "sch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function translit(word: string): string | null {
  if (/^[a-z0-9\s.:-]+$/.test(word))
    return word
      .replace(/ff$/, "ф")
      .replace(/ck/g, "к")
      .replace(/[a-z]/g, (c) => LAT_TO_CYR[c] ?? c);
  if (/^[а-я0-9\s.:-]+$/.test(word)) return word.replace(/[а-я]/g, (c) => CYR_TO_LAT[c] ?? c);
  return null;
}

/** One spelling → a regex source: separators optional, Russian case endings on the last word. */
function spellingSource(spelling: string): string | null {
  const s = spelling.toLowerCase().replace(/ё/g, "е").trim();
  const words = s.split(/[\s:.\-_/]+/).filter(Boolean);
  if (!words.length || s.replace(/[^\p{L}\p{N}]/gu, "").length < 2) return null;
  const last = words.length - 1;
  const parts = words.map((w, i) => {
    if (i < last) return escapeRe(w);
    const short = w.replace(/\p{N}+$/u, "").length < 3;
    if (short) return escapeRe(w);
    if (/[а-я]$/.test(w)) return `${escapeRe(w.replace(/[аяоеьйыи]$/, ""))}[а-я]{0,3}`;
    return `${escapeRe(w)}(?:-?[а-я]{1,3})?`;
  });
  return `(?<!${L})${parts.join("[\\s:.\\-]*")}(?!${L})`;
}

export interface NameMatcher {
  name: string;
  re: RegExp;
}

export function compileCompetitors(entries: readonly CompetitorEntry[]): NameMatcher[] {
  return entries.map((e) => {
    const sources = new Set<string>();
    for (const p of KNOWN[e.name] ?? []) sources.add(patternSource(p));
    for (const v of [e.name, ...e.variants]) {
      // "Битрикс24" is written "битрикс" just as often: the trailing number is optional.
      const forms = [v, v.replace(/\s*\d+$/, "")];
      for (const f of forms) {
        const t = translit(f.toLowerCase().replace(/ё/g, "е"));
        for (const x of [f, t]) {
          const src = x ? spellingSource(x) : null;
          if (src) sources.add(src);
        }
      }
    }
    return { name: e.name, re: new RegExp([...sources].join("|"), "g") };
  });
}

/**
 * A name only compared with, tried, migrated from or integrated with (README, "Competitor names"): the name
 * counts, the competitor theme does not.
 */
const BENCHMARK_BEFORE =
  /(?:чем|как)\s+(?:у|в|на)\s*$|(?:сравнива|сравнени|сравнил|сравнят)\S*(?:\s+\S+){0,3}\s+(?:с|со)?\s*$|(?:импорт|миграц|мигрир|перенос|перенести|выгрузк)\S*(?:\s+\S+){0,4}\s+из\s*$|(?:интеграц|связк|коннектор|синхрониз)\S*(?:\s+\S+){0,2}\s+(?:с|со)\s*$|(?:живут|сидят|работают|тестируют|пробуют)\s+(?:в|на)\s*$|(?:на\s+триале|на\s+тесте|триал|trial|тестируют|пробуют|демо|тест-драйв)\S*\s*$/u;
const BENCHMARK_AFTER = /^\s*(?:на\s+триале|на\s+тесте|в\s+тестовом|trial|на\s+пробн)/u;

export function isBenchmarkMention(text: string, start: number, end: number): boolean {
  const sentenceStart = Math.max(text.lastIndexOf(".", start - 1), text.lastIndexOf("\n", start - 1)) + 1;
  const before = text.slice(Math.max(sentenceStart, start - 60), start);
  return BENCHMARK_BEFORE.test(before) || BENCHMARK_AFTER.test(text.slice(end, end + 30));
}

/** A brand named only as something to integrate with ("нет интеграции с Яндекс Директом"): not a competitor. */
const INTEGRATION_BEFORE =
  /(?:интеграц|связк|коннектор|синхрониз|выгрузк|api|апи|атс|sip)\S*(?:\s+\S+){0,3}\s+(?:с|со|на|в|из|для)\s*$/u;

/** A site where the client read reviews ("нет отзывов на Яндекс Картах") is not a vendor either. */
const REVIEW_SITE_BEFORE =
  /(?:отзыв|рейтинг|прочитал|читали|статья|стать[июе])\S*(?:\s+\S+){0,3}\s+(?:на|в)\s*$/u;

export function isIntegrationTarget(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 50), start);
  return INTEGRATION_BEFORE.test(before) || REVIEW_SITE_BEFORE.test(before);
}

/**
 * A brand not on the list, right after a verb of choosing or staying: a capitalised or Latin word, or one in
 * quotes ("взяли «МойСклад»", "остаются в Excel", "работают через Ozon"). The verb is read on the normalised
 * text, the brand's case on the original (offsets are the same); gives the competitor theme without a name.
 */
const VERB_THEN_WORD =
  /(?<![a-zа-я0-9])(взял[аи]?|выбрал[аи]?|купил[аи]?|внедрил[аи]?|внедряют|подключил[аи]?|подключились|заказал[аи]? у|берут у|брали у|перешл[аи] на|перешел на|переходят на|ушл[аи] в|ушел в|остал(?:ся|ась|ись) (?:на|в|с|у)|оста(?:ю|е)тся (?:на|в|с|у)|остаются (?:на|в|с|у)|работают (?:с|через|в)|сидят (?:на|в)|продлили)\s+("\s*)?([a-zа-я0-9][a-zа-я0-9-]*)/dg;

export function brandAfterChoice(original: string, norm: string): [number, number] | null {
  for (const m of norm.matchAll(VERB_THEN_WORD)) {
    const verb = m.indices?.[1];
    const word = m.indices?.[3];
    if (!verb || !word) continue;
    const first = original[word[0]] ?? "";
    const brandLike = m[2] !== undefined || /[a-z]/i.test(first) || first !== first.toLowerCase();
    if (brandLike) return [verb[0], word[1]];
  }
  return null;
}
