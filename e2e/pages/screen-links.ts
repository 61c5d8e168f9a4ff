import type { Page } from '@playwright/test';

/** Opens a header screen entry; at 1680 px and below the entries fold into the "Screens" menu (app/ScreenLinks.tsx). */
export async function openScreen(page: Page, testId: string): Promise<void> {
  const entry = page.getByTestId(testId);
  if (!(await entry.isVisible())) await page.locator('.screen-menu-toggle').click();
  await entry.click();
}
