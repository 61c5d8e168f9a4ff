import { expect, type Page } from '@playwright/test';
import { openScreen } from './screen-links.js';

/** Page object: the admin's Users screen (`#/admin/users`): list, New user with its one-time password, Edit. */
export class UsersPage {
  constructor(private readonly page: Page) {}

  /** From the top bar (admins only). */
  async open(): Promise<void> {
    await openScreen(this.page, 'open-users');
    await expect(this.page.getByTestId('users-page')).toBeVisible();
  }

  row(email: string) {
    return this.page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  }

  /** New user… → the one-time password shown once (read off the screen), dialog closed. */
  async createUser(u: { name: string; email: string; role: 'associate' | 'agent' | 'lead' | 'admin' }): Promise<string> {
    await this.page.getByTestId('new-user').click();
    const dialog = this.page.getByTestId('create-user');
    await dialog.getByTestId('user-name').fill(u.name);
    await dialog.getByTestId('user-email').fill(u.email);
    await dialog.getByTestId('user-role').selectOption(u.role);
    await dialog.getByTestId('create-user-submit').click();
    const password = (await this.page.getByTestId('one-time-password').textContent())?.trim() ?? '';
    expect(password.length).toBeGreaterThan(7);
    await this.page.getByTestId('user-created').getByRole('button', { name: 'Done' }).click();
    await expect(this.row(u.email)).toBeVisible();
    return password;
  }
}
