/*
 * A keyboard-wedge barcode scanner types a code and Enter far faster than a person: every key, Enter
 * included, within 30 ms of the one before. The counter treats such a burst as a scan (the code alone,
 * whatever the field held) and anything slower as typing.
 */

export const SCAN_GAP_MS = 30;
/** Shorter bursts are a fast typist's double key, not a code. */
export const MIN_SCAN_LENGTH = 4;

export class ScanDetector {
  private chars = '';
  private last = -Infinity;

  /** Feed every keydown of the field; answers the scanned code when Enter ends a scan, else null. */
  key(key: string, at: number): string | null {
    const fast = at - this.last <= SCAN_GAP_MS;
    this.last = at;
    if (key === 'Enter') {
      const code = fast && this.chars.length >= MIN_SCAN_LENGTH ? this.chars : null;
      this.chars = '';
      return code;
    }
    if (key.length !== 1) {
      this.chars = '';
      return null;
    }
    this.chars = fast ? this.chars + key : key;
    return null;
  }

  reset(): void {
    this.chars = '';
    this.last = -Infinity;
  }
}
