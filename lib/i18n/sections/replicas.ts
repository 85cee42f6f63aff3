/** Settings → read replicas: each replica's state and lag, and where report reads go. */
export const replicasMessages = {
  ru: {
    title: "Реплики для чтения",
    help: "Отчёты и поиск читают с реплик; запись, настройки, ссылки и сессии — только с основного сервера. Реплика, которая недоступна или отстаёт больше допустимого, пропускается, пока не догонит.",
    bound: "Допустимое отставание",
    checkEvery: "Проверка каждые",
    ms: "мс",
    bytes: "байт",
    colReplica: "Реплика",
    colState: "Состояние",
    colLagMs: "Отставание, мс",
    colLagBytes: "Отставание, байт WAL",
    colReads: "Чтение",
    readsHere: "читаем отсюда",
    readsPrimary: "Все реплики пропущены: отчёты читают с основного сервера.",
    readsReplicas: "Отчёты читают с реплик",
    states: {
      healthy: "в норме",
      lagging: "отстаёт",
      down: "недоступна",
      unknown: "ещё не проверена",
    } as Record<string, string>,
  },
  en: {
    title: "Read replicas",
    help: "Reports and search read from the replicas; writes, settings, share links and sessions use the primary only. A replica that is down or lags beyond the bound is skipped until it catches up.",
    bound: "Lag bound",
    checkEvery: "Checked every",
    ms: "ms",
    bytes: "bytes",
    colReplica: "Replica",
    colState: "State",
    colLagMs: "Lag, ms",
    colLagBytes: "Lag, WAL bytes",
    colReads: "Reads",
    readsHere: "reading here",
    readsPrimary: "Every replica is skipped: reports read from the primary.",
    readsReplicas: "Reports read from the replicas",
    states: {
      healthy: "healthy",
      lagging: "lagging",
      down: "down",
      unknown: "not checked yet",
    } as Record<string, string>,
  },
};

export type ReplicasText = (typeof replicasMessages)["ru"];
