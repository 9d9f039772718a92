// Anna's preparation journey by keyboard alone (WCAG 2.1.1): the skip link into her browser, Tab, typing, Enter and F6
// between the browser and the inbox — from the empty stage to "You're all set!". After each new page focus is on its
// heading and the stage announces it; the User ID field is a few presses from the stage's start.
import { expect, test, type Page } from '@playwright/test';
import { browserOf, openStage } from './support';

/** Counts every key pressed, so the test can say how many a keyboard user needs. */
class Keyboard {
  presses = 0;
  constructor(private readonly page: Page) {}

  async press(key: string): Promise<void> {
    this.presses++;
    await this.page.keyboard.press(key);
  }

  async type(text: string): Promise<void> {
    this.presses += text.length;
    await this.page.keyboard.type(text);
  }

  /** Tabs (or Shift+Tabs) until the focused control's accessible name or label matches, at most `limit` times. */
  async tabTo(name: string | RegExp, options: { back?: boolean; limit?: number } = {}): Promise<void> {
    for (let i = 0; i < (options.limit ?? 30); i++) {
      await this.press(options.back ? 'Shift+Tab' : 'Tab');
      if (matches(await focusedName(this.page), name)) return;
    }
    throw new Error(
      `No control named ${String(name)} within ${options.limit ?? 30} presses; focus is on “${await focusedName(this.page)}”`,
    );
  }
}

function matches(text: string, name: string | RegExp): boolean {
  return typeof name === 'string' ? text === name : name.test(text);
}

/** The focused element's name as a screen reader would start to read it: its label, aria-label or text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const labelled = element.getAttribute('aria-label');
    if (labelled) return labelled;
    const label = element.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`) : null;
    return (label?.textContent ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}

async function expectFocusOnHeading(page: Page, heading: string | RegExp): Promise<void> {
  const focused = page.locator(':focus');
  await expect(focused).toHaveJSProperty('tagName', 'H1');
  await expect(focused).toHaveText(heading);
}

test('Anna links her HRM user to Connect by keyboard alone, each new page focused and announced', async ({ page }) => {
  await openStage(page);
  await expect(browserOf(page, 'Anna Svensson').getByRole('heading', { name: /^Log in to / })).toBeVisible();
  const keys = new Keyboard(page);
  const announcement = page.getByTestId('page-announcement');

  // From the stage's start: the first skip link leads into her browser, onto the login page's heading.
  await keys.tabTo('Skip to browser', { limit: 1 });
  await keys.press('Enter');
  await expectFocusOnHeading(page, /^Log in to /);
  await keys.tabTo('User ID', { limit: 1 });
  expect(keys.presses, 'key presses from the stage’s start to the User ID field').toBeLessThanOrEqual(5);

  await keys.type('10001');
  await keys.press('Tab');
  await keys.type('anna-hrm-1');
  await keys.press('Enter');
  await expectFocusOnHeading(page, 'Welcome, Anna');
  await expect(announcement).toHaveText('HRM — Start');

  // The banner above the heading asks her to prepare: back to it, and on to Account Settings.
  await keys.tabTo('Go to Account Settings', { back: true });
  await keys.press('Enter');
  await expectFocusOnHeading(page, 'Account Settings');
  await expect(announcement).toHaveText('HRM — Account Settings');

  await keys.tabTo(/^anna\.svensson@company\.com/);
  await keys.press('Enter');
  await keys.tabTo('Send verification code', { back: true });
  await keys.press('Enter');
  const state = page.getByRole('region', { name: 'Browser of Anna Svensson' }).getByRole('status');
  await expect(state).toContainText('Check your inbox');
  // The page puts her at the code field once the code is on its way.
  await expect(page.locator(':focus')).toHaveAccessibleName('Verification code');

  // F6 to her inbox (past nothing else: the inbox follows the browser), the mail opened with Enter.
  await keys.press('F6');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', 'Inbox of Anna Svensson');
  await keys.tabTo(/Verify your email address/);
  await keys.press('Enter');
  const mail = page.getByRole('region', { name: 'Inbox of Anna Svensson' }).getByRole('article');
  await expect(mail).toContainText('Your verification code');
  const code = /Your verification code:\s*(\d{6})/.exec((await mail.textContent()) ?? '')?.[1];
  expect(code, 'a 6-digit code in the mail').toMatch(/^\d{6}$/);

  // Shift+F6 back to the browser's page, to the code field.
  await keys.press('Shift+F6');
  await expectFocusOnHeading(page, 'Account Settings');
  await keys.tabTo('Verification code');
  await keys.type(code!);
  await keys.press('Enter');
  await expect(state).toContainText("You're all set!");
});
