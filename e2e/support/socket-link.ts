import type { Page, Route, WebSocketRoute } from '@playwright/test';

/** One socket.io packet the page sent or received, e.g. `42["customer:watch",…]` (engine.io 4 + socket.io 2). */
export interface SocketPacket {
  dir: 'sent' | 'received';
  data: string;
}

/**
 * Stands between the console's socket.io connection and the REAL hub (websocket and long-polling),
 * so a test can cut the network under the page and see what the client asked for on reconnect.
 * While `down`, new websocket connections are closed at once and polling requests fail like a
 * dropped network; the page's own retry logic is what brings it back.
 */
export class SocketLink {
  readonly packets: SocketPacket[] = [];
  private down = false;
  private readonly open = new Set<WebSocketRoute>();

  static async install(page: Page): Promise<SocketLink> {
    const link = new SocketLink();
    await page.routeWebSocket(/\/socket\.io\//, (ws) => link.onWebSocket(ws));
    await page.route(/\/socket\.io\//, (route) => link.onPolling(route));
    return link;
  }

  /** Drops every live connection and refuses new ones until `restore()`. */
  async cut(): Promise<void> {
    this.down = true;
    for (const ws of this.open) await ws.close({ code: 1006, reason: 'network cut by test' }).catch(() => {});
    this.open.clear();
  }

  restore(): void {
    this.down = false;
  }

  /** socket.io EVENT / ACK packets (`42…` / `43…`), parsed: [name or 'ack', ...args]. */
  messages(dir: SocketPacket['dir']): unknown[][] {
    const out: unknown[][] = [];
    for (const p of this.packets) {
      if (p.dir !== dir) continue;
      const m = /^4([23])\d*(\[.*)$/s.exec(p.data);
      if (!m) continue;
      const args = JSON.parse(m[2]!) as unknown[];
      out.push(m[1] === '3' ? ['ack', ...args] : args);
    }
    return out;
  }

  private onWebSocket(ws: WebSocketRoute): void {
    if (this.down) {
      void ws.close({ code: 1006, reason: 'network down' });
      return;
    }
    const server = ws.connectToServer();
    this.open.add(ws);
    ws.onMessage((m) => {
      this.record('sent', m);
      server.send(m);
    });
    server.onMessage((m) => {
      this.record('received', m);
      ws.send(m);
    });
    ws.onClose(() => this.open.delete(ws));
  }

  private async onPolling(route: Route): Promise<void> {
    if (this.down) return route.abort('internetdisconnected');
    const body = route.request().postData();
    if (body) this.record('sent', body);
    try {
      const res = await route.fetch({ timeout: 0 });
      const text = await res.text();
      this.record('received', text);
      await route.fulfill({ response: res, body: text });
    } catch {
      await route.abort('failed').catch(() => {});
    }
  }

  private record(dir: SocketPacket['dir'], data: string | Buffer): void {
    // Long-polling batches packets with the record separator.
    for (const part of String(data).split('\x1e')) this.packets.push({ dir, data: part });
  }
}
