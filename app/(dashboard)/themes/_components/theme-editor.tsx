import type { competitors, themes } from "@/db/schema";
import type { ThemesText } from "@/lib/i18n/sections/themes";
import { deleteCompetitorAction, deleteThemeAction, saveCompetitorAction, saveThemeAction } from "../actions";
import { ActionForm } from "./action-form";

type ThemeRow = typeof themes.$inferSelect;
type CompetitorRow = typeof competitors.$inferSelect;

const input = "mt-1 block w-full rounded-md border border-gray-300 px-2 py-1 text-sm";

/** Admin only: themes with their keywords, and competitors with spelling variants. Saving re-tags everything. */
export function ThemeEditor({
  themeRows,
  competitorRows,
  t,
}: {
  themeRows: ThemeRow[];
  competitorRows: CompetitorRow[];
  t: ThemesText;
}) {
  return (
    <details className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
      <summary className="cursor-pointer font-medium">{t.edit}</summary>
      <p className="mt-2 text-xs text-gray-500">{t.editHelp}</p>
      <div className="mt-4 grid gap-4 md:grid-cols-2">
        {[...themeRows, null].map((th) => (
          <ThemeForm key={th?.id ?? "new"} th={th} t={t} />
        ))}
      </div>
      <h3 className="mt-6 font-medium">{t.competitors}</h3>
      <div className="mt-2 grid gap-4 md:grid-cols-3">
        {[...competitorRows, null].map((c) => (
          <CompetitorForm key={c?.id ?? "new"} c={c} t={t} />
        ))}
      </div>
    </details>
  );
}

/** One theme's names, keywords and switch, or (th null) a new theme. */
function ThemeForm({ th, t }: { th: ThemeRow | null; t: ThemesText }) {
  return (
    <div className="rounded-md border border-gray-200 p-3">
      <ActionForm
        action={saveThemeAction}
        okText={t.saved}
        submit={th ? t.save : t.add}
        className="space-y-2"
      >
        <input type="hidden" name="id" value={th?.id ?? ""} />
        {!th && <p className="text-sm font-medium">{t.addTheme}</p>}
        <div className="grid grid-cols-2 gap-2">
          <label className="text-xs text-gray-600">
            {t.name}
            <input name="nameRu" required maxLength={80} defaultValue={th?.nameRu ?? ""} className={input} />
          </label>
          <label className="text-xs text-gray-600">
            {t.nameEn}
            <input name="nameEn" maxLength={80} defaultValue={th?.nameEn ?? ""} className={input} />
          </label>
        </div>
        <label className="block text-xs text-gray-600">
          {t.keywords}
          <textarea name="keywords" rows={3} defaultValue={th?.keywords.join(", ") ?? ""} className={input} />
        </label>
        <label className="flex items-center gap-2 text-xs text-gray-600">
          <input type="checkbox" name="enabled" defaultChecked={th?.enabled ?? true} /> {t.enabled}
          {th?.builtin && <span className="text-gray-400">· {t.builtin}</span>}
        </label>
      </ActionForm>
      {th && (
        <ActionForm action={deleteThemeAction} okText="✓" submit={t.delete} danger className="mt-2">
          <input type="hidden" name="id" value={th.id} />
        </ActionForm>
      )}
    </div>
  );
}

/** One competitor's name and spelling variants, or (c null) a new competitor. */
function CompetitorForm({ c, t }: { c: CompetitorRow | null; t: ThemesText }) {
  return (
    <div className="rounded-md border border-gray-200 p-3">
      <ActionForm
        action={saveCompetitorAction}
        okText={t.saved}
        submit={c ? t.save : t.add}
        className="space-y-2"
      >
        <input type="hidden" name="id" value={c?.id ?? ""} />
        <label className="block text-xs text-gray-600">
          {c ? t.competitor : t.addCompetitor}
          <input name="name" required maxLength={80} defaultValue={c?.name ?? ""} className={input} />
        </label>
        <label className="block text-xs text-gray-600">
          {t.variants}
          <textarea name="variants" rows={2} defaultValue={c?.variants.join(", ") ?? ""} className={input} />
        </label>
      </ActionForm>
      {c && (
        <ActionForm action={deleteCompetitorAction} okText="✓" submit={t.delete} danger className="mt-2">
          <input type="hidden" name="id" value={c.id} />
        </ActionForm>
      )}
    </div>
  );
}
