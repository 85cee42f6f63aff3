import type { MeDto, RateBlock } from "@/lib/analytics/me";
import { DASH, formatDate, formatNumber, formatPct } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { meMessages } from "@/lib/i18n/sections/me";
import { type CaptureLinks, MyCaptureCard } from "./me-capture";
import { PeersTable, ShareTable } from "./me-tables";
import { UncommentedDeals } from "./me-uncommented";

const COMMENTS_SHOWN = 8;
const card = "rounded-lg border border-gray-200 bg-white p-5 shadow-sm";

function Trend({ me, locale }: { me: MeDto; locale: Locale }) {
  const t = meMessages[locale];
  if (me.lossRateChange === null) return <span className="text-gray-500">{t.trendNone}</span>;
  const pts = formatNumber(Math.abs(me.lossRateChange) * 100, locale, 1);
  if (Math.abs(me.lossRateChange) < 0.0005) return <span className="text-gray-600">{t.trendSame}</span>;
  // More losses is worse: red going up, green going down.
  return me.lossRateChange > 0 ? (
    <span className="text-red-700">
      ▲ {t.trendUp} {pts} {t.points}
    </span>
  ) : (
    <span className="text-green-700">
      ▼ {t.trendDown} {pts} {t.points}
    </span>
  );
}

function RateCard({ block, me, locale }: { block: RateBlock; me: MeDto; locale: Locale }) {
  const t = meMessages[locale];
  const i = block.lossRateInterval;
  return (
    <section aria-label={t.lossRate} className={`${card} md:col-span-2`}>
      <h2 className="text-sm text-gray-500">{t.lossRate}</h2>
      <p className="mt-2 text-3xl font-semibold" data-testid="my-loss-rate">
        {formatPct(block.lossRate, locale)}
      </p>
      <p className="mt-1 text-sm text-gray-600">
        {t.interval}: {i ? `${formatPct(i.low, locale)} – ${formatPct(i.high, locale)}` : DASH}
        {block.tooFewToJudge ? <span className="ml-2 text-amber-700">({t.tooFew})</span> : null}
      </p>
      {i ? (
        <div className="relative mt-3 h-2 rounded-full bg-gray-100" aria-hidden>
          <div
            className="absolute h-2 rounded-full bg-blue-200"
            style={{ left: `${i.low * 100}%`, width: `${Math.max((i.high - i.low) * 100, 0.5)}%` }}
          />
          {block.lossRate !== null ? (
            <div
              className="absolute -top-1 h-4 w-1 rounded bg-blue-700"
              style={{ left: `${block.lossRate * 100}%` }}
            />
          ) : null}
          {me.teamMedianLossRate !== null ? (
            <div
              className="absolute -top-1 h-4 w-0.5 bg-gray-500"
              style={{ left: `${me.teamMedianLossRate * 100}%` }}
              title={t.teamMedian}
            />
          ) : null}
        </div>
      ) : null}
      <p className="mt-2 text-xs text-gray-500">
        {t.closedDeals}: {block.closed} ({t.lost} {block.lost}, {t.won} {block.won})
      </p>
    </section>
  );
}

function CommentList({
  items,
  locale,
  offset,
}: {
  items: MeDto["comments"];
  locale: Locale;
  offset: string;
}) {
  return (
    <ul className="mt-3 divide-y divide-gray-100">
      {items.map((c) => (
        <li key={c.id} className="py-2 text-sm">
          <p className="text-gray-500">
            <a
              href={c.url}
              target="_blank"
              rel="noopener noreferrer"
              className="text-blue-700 hover:underline"
            >
              #{c.dealId} {c.title}
            </a>{" "}
            · {formatDate(c.createdAt, locale, offset)}
          </p>
          <p className="mt-0.5 whitespace-pre-line break-words text-gray-800">{c.text}</p>
        </li>
      ))}
    </ul>
  );
}

export function MeView({
  me,
  locale,
  currency,
  offset,
  captureLinks,
}: {
  me: MeDto;
  locale: Locale;
  currency: string;
  offset: string;
  captureLinks: CaptureLinks;
}) {
  const t = meMessages[locale];
  return (
    <>
      <HeadlineCards me={me} locale={locale} />
      <MyCaptureCard capture={me.capture} links={captureLinks} locale={locale} />
      <div className="grid gap-4 lg:grid-cols-2">
        <ShareTable title={t.byStage} rows={me.byStage} kind="stage" locale={locale} />
        <ShareTable title={t.byReason} rows={me.byReason} kind="reason" locale={locale} />
      </div>
      <UncommentedDeals me={me} locale={locale} currency={currency} offset={offset} />
      <PeersTable me={me} locale={locale} />
      <MyComments me={me} locale={locale} offset={offset} />
    </>
  );
}

/** The loss rate with its interval, the team's median, and the trend against the previous period. */
function HeadlineCards({ me, locale }: { me: MeDto; locale: Locale }) {
  const t = meMessages[locale];
  return (
    <div className="grid gap-4 md:grid-cols-4">
      <RateCard block={me.current} me={me} locale={locale} />
      <section aria-label={t.teamMedian} className={card}>
        <h2 className="text-sm text-gray-500">{t.teamMedian}</h2>
        <p className="mt-2 text-3xl font-semibold">{formatPct(me.teamMedianLossRate, locale)}</p>
      </section>
      <section aria-label={t.trend} className={card}>
        <h2 className="text-sm text-gray-500">{t.trend}</h2>
        <p className="mt-2 text-lg font-semibold">
          <Trend me={me} locale={locale} />
        </p>
        {me.previous ? (
          <p className="mt-1 text-xs text-gray-500">
            {formatPct(me.previous.lossRate, locale)} → {formatPct(me.current.lossRate, locale)}
          </p>
        ) : null}
      </section>
    </div>
  );
}

/** What the manager wrote on lost deals: the latest few, the rest behind "more". */
function MyComments({ me, locale, offset }: { me: MeDto; locale: Locale; offset: string }) {
  const t = meMessages[locale];
  return (
    <section aria-labelledby="my-comments" className={card}>
      <h2 id="my-comments" className="text-lg font-medium">
        {t.commentsTitle}
      </h2>
      {me.comments.length === 0 ? (
        <p className="mt-3 text-sm text-gray-600">{t.noComments}</p>
      ) : (
        <>
          <CommentList items={me.comments.slice(0, COMMENTS_SHOWN)} locale={locale} offset={offset} />
          {me.comments.length > COMMENTS_SHOWN ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-sm text-blue-700">
                {t.moreComments} ({me.comments.length - COMMENTS_SHOWN})
              </summary>
              <CommentList items={me.comments.slice(COMMENTS_SHOWN)} locale={locale} offset={offset} />
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}
