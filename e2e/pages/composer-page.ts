import { expect, type Page } from '@playwright/test';

/** Page object: the composer under a conversation's header (reply / note, macros, what was sent). */
export class ComposerPage {
  constructor(private readonly page: Page) {}

  root() {
    return this.page.getByTestId('composer');
  }

  text() {
    return this.page.getByTestId('composer-text');
  }

  target() {
    return this.page.getByTestId('composer-target');
  }

  /** The reply channel chooser (shown when there is more than one way to reach the customer). */
  channel() {
    return this.page.getByTestId('composer-channel');
  }

  sendButton() {
    return this.page.getByTestId('composer-send');
  }

  /** "Customer is typing…" on a web chat conversation (empty while they are not). */
  visitorTyping() {
    return this.page.getByTestId('composer-visitor-typing');
  }

  async mode(mode: 'reply' | 'note'): Promise<void> {
    await this.page.getByTestId(`composer-mode-${mode}`).click();
    await expect(this.page.getByTestId(`composer-mode-${mode}`)).toHaveAttribute('aria-selected', 'true');
  }

  /** Types like a person (so autosave and @mentions see every keystroke). */
  async type(text: string): Promise<void> {
    await this.text().click();
    await this.text().pressSequentially(text);
  }

  /** Resolves when the hub has saved this mode's draft. */
  draftSaved(mode: 'reply' | 'note') {
    return this.page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes(`/drafts/${mode}`) && r.ok());
  }

  async send(): Promise<void> {
    await this.page.getByTestId('composer-send').click();
  }

  sentReplies() {
    return this.page.getByTestId('sent-reply');
  }

  sentNotes() {
    return this.page.getByTestId('sent-note');
  }

  mentions() {
    return this.page.getByTestId('composer-mentions');
  }

  async openMacros(): Promise<void> {
    await this.page.getByTestId('composer-macros').click();
    await expect(this.page.getByTestId('macro-picker')).toBeVisible();
  }

  async chooseMacro(name: string): Promise<void> {
    await this.page.getByTestId('macro-filter').fill(name);
    await this.page.getByTestId('macro-choice').filter({ hasText: name }).click();
  }

  question(label: string) {
    return this.page.getByTestId('macro-questions').getByLabel(label);
  }

  macroActions() {
    return this.page.getByTestId('composer-macro-actions');
  }

  /** "Log call" mode, opened from the keyboard: the form's first field takes the focus. */
  async openCallLog(): Promise<void> {
    await this.page.getByTestId('composer-log-call').focus();
    await this.page.keyboard.press('Enter');
    await expect(this.page.getByTestId('call-log-form')).toBeVisible();
    await expect(this.page.getByTestId('call-log-outbound')).toBeFocused();
  }

  callLog(field: 'outcome' | 'minutes' | 'callback' | 'notes' | 'done') {
    return this.page.getByTestId(`call-log-${field}`);
  }
}
