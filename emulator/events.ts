/** Outgoing events (bitrix24-api.md §10): urlencoded POST, no retries, errors swallowed. */
import type { PortalState } from "./state";

export class EventBus {
  private pending = new Set<Promise<void>>();
  delivered = 0;
  failed = 0;

  constructor(
    private readonly state: PortalState,
    private readonly baseUrl: () => string,
  ) {}

  /** Body exactly as the queue server sends it (keys in documented order). */
  body(event: string, handlerId: number, id: number, applicationToken: string): string {
    const meta = this.state.meta;
    const pairs: [string, string][] = [
      ["event", event],
      ["event_handler_id", String(handlerId)],
      ["data[FIELDS][ID]", String(id)],
      ["ts", String(Math.floor(Date.now() / 1000))],
      ["auth[domain]", meta.domain],
      ["auth[client_endpoint]", `${this.baseUrl()}/rest/`],
      ["auth[server_endpoint]", `${this.baseUrl()}/oauth/rest/`],
      ["auth[member_id]", meta.memberId],
      ["auth[status]", "L"],
      ["auth[application_token]", applicationToken],
    ];
    return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  }

  fire(event: string, id: number): void {
    for (const h of this.state.handlers) {
      if (h.event !== event || h.offline) continue;
      const p = fetch(h.handler, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: this.body(event, h.id, id, h.applicationToken),
        signal: AbortSignal.timeout(5000),
      })
        .then(async (r) => {
          await r.arrayBuffer().catch(() => undefined);
          this.delivered++;
        })
        .catch(() => {
          this.failed++;
        })
        .finally(() => {
          this.pending.delete(p);
        });
      this.pending.add(p);
    }
  }

  /** Resolves when every delivery started so far has finished (tests). */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
