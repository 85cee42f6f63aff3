import { formatInt } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { TagCorrectionText } from "@/lib/i18n/sections/tag-corrections";
import type { CompetitorProposal } from "@/lib/themes/competitor-proposals";
import { MIN_PROPOSAL_DEALS } from "@/lib/themes/competitor-proposals";
import { addProposedCompetitorAction, dismissCompetitorProposalAction } from "../actions";
import { ActionForm } from "./action-form";

/** Admin: names that recur in loss comments but are not competitors yet, each to add or dismiss. */
export function CompetitorProposals({
  proposals,
  locale,
  w,
}: {
  proposals: CompetitorProposal[];
  locale: Locale;
  w: TagCorrectionText;
}) {
  const n = (x: number): [number, string] => [x, formatInt(x, locale)];
  return (
    <section
      aria-labelledby="proposals-title"
      className="rounded-lg border border-amber-200 bg-amber-50/40 p-4 shadow-sm"
    >
      <h2 id="proposals-title" className="font-medium">
        {w.proposals}
      </h2>
      <p className="mt-1 text-sm text-gray-600">{w.proposalsHelp(formatInt(MIN_PROPOSAL_DEALS, locale))}</p>
      {proposals.length === 0 ? (
        <p className="mt-2 text-sm text-gray-500">{w.noProposals}</p>
      ) : (
        <ul className="mt-3 divide-y divide-amber-100">
          {proposals.map((p) => (
            <li
              key={p.key}
              className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-2"
              data-testid="competitor-proposal"
            >
              <span className="min-w-0 break-words text-sm text-gray-900">
                {w.proposal(locale, p.name, n(p.mentions), n(p.deals))}
              </span>
              <span className="flex flex-wrap gap-2">
                <ActionForm
                  action={addProposedCompetitorAction}
                  submit={w.addCompetitor}
                  okText={w.addedCompetitor}
                >
                  <input type="hidden" name="name" value={p.name} />
                  {p.forms.slice(1, 20).map((f) => (
                    <input key={f} type="hidden" name="variants" value={f} />
                  ))}
                </ActionForm>
                <ActionForm
                  action={dismissCompetitorProposalAction}
                  submit={w.dismiss}
                  okText={w.dismissed}
                  danger
                >
                  <input type="hidden" name="name" value={p.name} />
                </ActionForm>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
