/**
 * Word lists the competitor proposals (competitor-proposals.ts) rule out: ordinary English words (a Latin word
 * not among them may be a product: "Bitrix", "Kommo"), ordinary Russian words that turn up capitalised or after
 * "ушли к" / "выбрали" («конкуренту», «другого», «итоге»), business abbreviations, common first names and
 * cities. A data file: lists, no logic. Russian words are compared by the same crude stem as candidates, so one
 * form per word is enough.
 */

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

export const COMMON_ENGLISH = new Set(
  words(`a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have having he her
  here hers him his how i if in into is it its just me more most my no nor not now of off on once only or other our
  out over own same she should so some such than that the their them then there these they this those through to too
  under until up very was we were what when where which while who whom why will with you your yes ok okay hi hello
  thanks thank please sorry deal deals client clients customer customers lead leads price prices cost budget cheap
  expensive discount offer proposal contract invoice payment meeting call calls email mail phone demo trial test
  project product products service support team manager sales sale lost won open new old other another better best
  good bad great fine free full time later soon today tomorrow week month year day days no-go go stop wait asap
  crm erp it ai api app apps web site online cloud software system platform tool tools solution integration
  feature features pdf doc docs file files data report reports b2b b2c ceo cto cfo hr pr seo smm
  pro plus max lite basic premium standard business enterprise license licence user users account version update
  spam duplicate lol wtf fyi tbd n/a na via per vs etc feedback follow-up followup follow up deadline kpi roi
  onboarding upsell pipeline pilot poc mvp sla nda rfp rfq tender budget approval legal procurement`),
);

export const COMMON_RUSSIAN = new Set(
  words(`и в во не на с со к ко у о об от до по за из изо для без при про над под через между перед после около
  а но да или либо же ли бы то что чтобы как так там тут где когда если потому поэтому уже еще ещё вот все всё
  весь вся это этот эта эти тот та те он она оно они мы вы я ты его ее её их нас вас нам вам им ним них себя свой
  своя свое свои наш ваш мой твой кто какой который такой сам сама сами один одна одни два три много мало
  очень слишком совсем вообще пока потом сейчас сегодня завтра вчера здесь итог итоге итогу конец концу
  другой другие другая другое друг иной иные прежний старый новый свой нужный нужно надо можно нельзя
  конкурент конкуренты конкурента конкурентов поставщик поставщика подрядчик подрядчика партнер партнёр
  интегратор исполнитель продавец производитель компания компанию фирма фирму контора организация офис
  клиент клиента заказчик заказчика покупатель директор руководитель руководство собственник владелец
  менеджер бухгалтер бухгалтерия юрист юристы закупки закупщик отдел тендер тендере аукцион конкурс торги
  цена цены дорого дешево дёшево дешевле дороже скидка скидку бюджет бюджета деньги денег оплата счет счёт
  договор кп предложение предложения решение решения вариант варианта продукт продукта сервис система систему
  программа программу платформа платформу облако коробка коробку внедрение интеграция интеграцию доработка
  сделка сделку сделки звонок звонки встреча встречу демо презентация письмо почта почту телефон трубку
  сроки срок время месяц неделя год квартал весна лето осень зима январь февраль март апрель май июнь июль
  август сентябрь октябрь ноябрь декабрь понедельник вторник среда четверг пятница суббота воскресенье
  сторону никуда ничего никого нигде тишина тишину игнор отказ отказались пропал пропали слились слился
  думают подумать решили решение решают работают работать работа работу купили купить выбрали выбор
  ушли ушел ушёл перешли остались остаться нет нету есть был была были будет будут хотят хотел хотели
  спасибо привет здравствуйте добрый день утро вечер итак кстати однако впрочем короче ладно хорошо плохо
  рф россия москве москву спб регион регионы город городе страна стране
  бесплатно бесплатный бесплатное бесплатную собственный собственную свою своего своих своим своей
  самописный самописную самописное эксель excel таблицы таблица таблицах бумажке бумага блокнот
  инхаус штат штатный аутсорс фрилансер фрилансера переезд переезда простой простоя ремонт отпуск праздники
  новогодние каникулы`),
);

/** Capitalised words that are not products: business abbreviations, Bitrix24 words, cities. */
export const COMMON_PROPER = new Set(
  words(`ит иб нг кв айти ооо оао зао пао ао ип нко гк тк кп тз тзш лпр ндс эдо фз рф спб мск crm црм срм сrm бп ок
  битрикс битрикс24 bitrix bitrix24 б24 b24 лосслэнз losslens
  москва питер петербург санкт-петербург казань новосибирск екатеринбург краснодар ростов самара уфа омск
  пермь воронеж волгоград нижний челябинск тюмень сочи минск алматы астана киев
  бог господи`),
);
