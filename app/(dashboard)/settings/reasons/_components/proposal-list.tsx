import { formatInt, formatPctInline } from "@/lib/format";
import type { ReasonsAdminText } from "@/lib/i18n/sections/reasons-admin";
import type { ProposalWhy } from "@/lib/reasons/proposals";
import { acceptProposalAction, rejectProposalAction } from "../actions";
import { InlineForm } from "./inline-form";
import type { PageData } from "./types";

function whyWords(why: ProposalWhy, t: ReasonsAdminText, locale: PageData["locale"]): string {
  if (why.kind === "same") return t.whySame;
  if (why.kind === "similar") return t.whySimilar.replace("{pct}", formatPctInline(why.similarity, locale));
  return t.whyStem.replace("{stems}", why.stems.map((s) => `«${s}…»`).join(", "));
}

/** Proposed merges of near-duplicate reasons, each with why, Accept (smaller into larger) and Reject. */
export function ProposalList({ data }: { data: PageData }) {
  const { t, locale } = data;
  return (
    <section aria-labelledby="proposals-title" className="space-y-3">
      <div>
        <h2 id="proposals-title" className="text-lg font-medium">
          {t.proposals}
        </h2>
        <p className="text-sm text-gray-500">{t.proposalsHelp}</p>
      </div>
      {data.proposals.length === 0 ? (
        <p className="rounded-lg border border-dashed border-gray-300 bg-white p-4 text-sm text-gray-500">
          {t.noProposals}
        </p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-lg border border-gray-200 bg-white shadow-sm">
          {data.proposals.map((p) => (
            <li
              key={`${p.from.id}:${p.into.id}`}
              data-testid="proposal"
              data-from={p.from.id}
              data-into={p.into.id}
              className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
            >
              <div className="min-w-0 text-sm">
                <span className="font-medium">«{p.from.name}»</span>{" "}
                <span className="text-gray-500">({formatInt(p.from.deals, locale)})</span> {t.proposalInto}{" "}
                <span className="font-medium">«{p.into.name}»</span>{" "}
                <span className="text-gray-500">({formatInt(p.into.deals, locale)})</span>
                <span className="block text-xs text-gray-500">{whyWords(p.why, t, locale)}</span>
              </div>
              <div className="flex flex-wrap gap-2">
                <InlineForm
                  action={acceptProposalAction}
                  submit={t.accept}
                  okText={t.accepted}
                  label={t.accept}
                >
                  <input type="hidden" name="a" value={p.from.id} />
                  <input type="hidden" name="b" value={p.into.id} />
                </InlineForm>
                <InlineForm
                  action={rejectProposalAction}
                  submit={t.reject}
                  okText={t.rejected}
                  tone="plain"
                  label={t.reject}
                >
                  <input type="hidden" name="a" value={p.from.id} />
                  <input type="hidden" name="b" value={p.into.id} />
                </InlineForm>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
