import { createHash } from 'node:crypto';
import type { TimelineItem } from '../../shared/index.js';
import { loadEmailSanitizer, type SanitizeHtml } from './email-sanitizer.js';

/*
 * What leaves the hub: timeline items with `data.html` replaced by its sanitized form. The stored
 * event keeps the original bytes (forensics, re-sanitizing under a future policy); every reader
 * that answers a client (HTTP pages, socket live items and replay) goes through here.
 * Agents reopen the same timelines, so results are cached by content hash within a byte budget
 * (a hash is ~20x cheaper than sanitizing a newsletter again).
 */

const CACHE_BUDGET_CHARS = 4 * 1024 * 1024;

export class EmailHtmlForClients {
  private sanitize: SanitizeHtml | null = null;
  private readonly cache = new Map<string, string>();
  private cachedChars = 0;
  /** Sanitizer runs and cache hits (tests read these). */
  readonly stats = { sanitized: 0, cacheHits: 0 };

  constructor(
    private readonly load: () => Promise<SanitizeHtml> = loadEmailSanitizer,
    private readonly onLoadError: (err: unknown) => void = (err) => console.error('omni: email HTML sanitizer failed to load; HTML bodies are withheld:', err),
  ) {}

  /** True when the item carries HTML a client must not get raw. */
  static needs(item: TimelineItem): boolean {
    return typeof item.data['html'] === 'string';
  }

  /**
   * Same items, same order; only those with `data.html` are copied and changed. If the sanitizer
   * cannot load (a broken install), the HTML is left out rather than sent raw: clients show the text part.
   */
  async items(items: readonly TimelineItem[]): Promise<TimelineItem[]> {
    if (!items.some(EmailHtmlForClients.needs)) return items as TimelineItem[];
    if (!this.sanitize) {
      try {
        this.sanitize = await this.load();
      } catch (err) {
        this.onLoadError(err);
        return items.map(withoutHtml);
      }
    }
    const out: TimelineItem[] = [];
    for (const item of items) {
      const html = item.data['html'];
      if (typeof html !== 'string') {
        out.push(item);
        continue;
      }
      const key = cacheKey(html);
      const clean = this.cached(key) ?? this.sanitizeAndCache(key, html);
      out.push({ ...item, data: { ...item.data, html: clean } });
    }
    return out;
  }

  async item(item: TimelineItem): Promise<TimelineItem> {
    return (await this.items([item]))[0]!;
  }

  private cached(key: string): string | undefined {
    const hit = this.cache.get(key);
    if (hit === undefined) return undefined;
    this.stats.cacheHits++;
    // Re-inserted: Map order is the eviction order (least recently used first).
    this.cache.delete(key);
    this.cache.set(key, hit);
    return hit;
  }

  private sanitizeAndCache(key: string, html: string): string {
    const out = this.sanitize!(html);
    this.stats.sanitized++;
    if (out.length <= CACHE_BUDGET_CHARS / 8) {
      this.cache.set(key, out);
      this.cachedChars += out.length;
      for (const [k, v] of this.cache) {
        if (this.cachedChars <= CACHE_BUDGET_CHARS) break;
        this.cache.delete(k);
        this.cachedChars -= v.length;
      }
    }
    return out;
  }
}

const cacheKey = (html: string) => createHash('sha256').update(html).digest('base64');

function withoutHtml(item: TimelineItem): TimelineItem {
  if (!EmailHtmlForClients.needs(item)) return item;
  const { html: _raw, ...data } = item.data;
  return { ...item, data };
}

/** The hub's one instance: HTTP routes, live socket items and replay share its loaded sanitizer and cache. */
export const emailHtmlForClients = new EmailHtmlForClients();
