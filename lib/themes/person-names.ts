/**
 * Common Russian first names (and their everyday short forms), for the quote anonymiser: a manager writes
 * «перезвонить Ирине» or «ЛПР — Сергей Петрович» about a client, and that name must not reach marketing. The
 * portal's own users' and contacts' names are added to these at run time (lib/themes/brief-data.ts).
 */
const FIRST_NAMES =
  "александр алексей анатолий андрей антон аркадий арсений артем артём борис вадим валентин валерий василий" +
  " виктор виталий владимир владислав вячеслав геннадий георгий глеб григорий даниил данил денис дмитрий евгений" +
  " егор иван игорь илья кирилл константин леонид максим марк матвей михаил никита николай олег павел петр пётр" +
  " роман руслан семен семён сергей станислав степан тимофей тимур федор фёдор филипп эдуард юрий ярослав" +
  " саша леша лёша андрюха дима женя ваня миша коля паша петя сережа серёжа слава стас толя юра вова витя гоша" +
  " александра алена алёна алина алиса алла анастасия ангелина анна антонина валентина валерия варвара вера" +
  " вероника виктория галина дарья диана евгения екатерина елена елизавета жанна зинаида зоя инна ирина карина" +
  " кристина ксения лариса лидия любовь людмила маргарита марина мария милана надежда наталья наталия нина оксана" +
  " олеся ольга полина раиса светлана снежана софья софия таисия тамара татьяна ульяна эльвира юлия яна" +
  " настя катя лена маша оля света таня юля ира наташа даша женя галя люда лиза аня вика ксюша" +
  " john james michael david robert william mary jennifer linda sarah emma anna olga maria alex peter paul";

export const COMMON_FIRST_NAMES: ReadonlySet<string> = new Set(FIRST_NAMES.split(" ").filter(Boolean));

/**
 * Names that are also everyday words («вера», «надежда», «роман», «слава», «лев»): replaced only when written
 * with a capital letter after a preposition or a role, never as a lower-case word on its own.
 */
export const AMBIGUOUS_NAMES: ReadonlySet<string> = new Set([
  "вера",
  "надежда",
  "любовь",
  "роман",
  "слава",
  "марк",
  "лев",
  "мир",
  "mark",
  "will",
  "may",
  "bill",
]);

/** Words a name often follows: «с Ириной», «у Сергея», «ЛПР Иван», «директор Ольга». */
export const NAME_CUES: ReadonlySet<string> = new Set(
  (
    "с со у для от к ко про через клиент клиентка лпр директор директора гендир менеджер бухгалтер" +
    " снабженец закупщик контакт собственник владелец руководитель зам заместитель with from to for"
  ).split(" "),
);
