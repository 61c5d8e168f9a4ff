/*
 * A keyboard-wedge barcode scanner types a code and Enter far faster than a person: keys about 30 ms
 * apart or less, where a person's are 100 ms or more. The counter treats such a burst as a scan (the code
 * alone, whatever the field held) and anything slower as typing. A busy tablet may deliver one key of a
 * burst late; so a burst only breaks at a person-sized gap, and it is a scan when its keys came
 * SCAN_GAP_MS apart on average (a single late key does not cut the code in two).
 */

export const SCAN_GAP_MS = 30;
/** A gap this long is a person pausing: what follows is a new burst. */
export const BURST_BREAK_MS = 100;
/** Shorter bursts are a fast typist's double key, not a code. */
export const MIN_SCAN_LENGTH = 4;

export class ScanDetector {
  private chars = '';
  private burstStart = -Infinity;
  private last = -Infinity;

  /** Feed every keydown of the field; answers the scanned code when Enter ends a scan, else null. */
  key(key: string, at: number): string | null {
    const sameBurst = at - this.last <= BURST_BREAK_MS;
    this.last = at;
    if (key === 'Enter') {
      const code = sameBurst && this.chars.length >= MIN_SCAN_LENGTH && (at - this.burstStart) / this.chars.length <= SCAN_GAP_MS ? this.chars : null;
      this.chars = '';
      return code;
    }
    if (key.length !== 1) {
      this.chars = '';
      return null;
    }
    if (sameBurst && this.chars !== '') this.chars += key;
    else {
      this.chars = key;
      this.burstStart = at;
    }
    return null;
  }

  reset(): void {
    this.chars = '';
    this.last = -Infinity;
    this.burstStart = -Infinity;
  }
}
