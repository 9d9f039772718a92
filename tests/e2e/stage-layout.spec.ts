// The stage a newcomer meets, on a 1440 screen, a 1280×720 projector, a tablet and a phone: the product's name always
// in sight, the clock bar on one line, "Start here" whose steps each do what they say, "Fill in" on the persona on
// stage, personas collapsible to avatars (remembered), the phone closed until two-factor is in play, and below
// 1100 px the browser and the inbox as keyboard-operable tabs.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { browserOf, choosePersona, go, inboxOf, openStage } from './support';

const ANNA = 'Anna Svensson';
const KARIN = { name: 'Karin Berg', loginId: '10002' };

function startPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Start here' });
}

/** The clock bar is one row: no taller than its tallest control plus the bar's padding. */
async function expectClockBarOnOneRow(page: Page): Promise<void> {
  const bar = await page.getByRole('banner').boundingBox();
  const button = await page.getByRole('button', { name: '+1 day' }).boundingBox();
  expect(bar && button, 'the clock bar and its buttons are on screen').toBeTruthy();
  // 34 px buttons, the workspace toggle's two lines, 8 px padding above and below.
  expect(bar!.height).toBeLessThanOrEqual(button!.height + 24);
}

async function expectBrowserAtLeast(page: Page, name: string, width: number): Promise<void> {
  const box = await browserOf(page, name).boundingBox();
  expect(box, 'the browser is on screen').toBeTruthy();
  expect(box!.width).toBeGreaterThanOrEqual(width);
}

test.describe('at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the start puts Anna on stage at the HRM login; the name is in sight and the clock bar is one row', async ({ page }) => {
    await openStage(page);
    await expect(page.getByRole('banner').getByText('Rollout Rehearsal')).toBeVisible();
    await expectClockBarOnOneRow(page);

    await choosePersona(page, KARIN.name);
    await startPanel(page).getByRole('button', { name: 'Be Anna and link her account' }).click();
    const anna = browserOf(page, ANNA);
    await expect(anna.getByLabel('User ID')).toBeVisible();
    await expect(anna.getByTestId('address-bar')).toHaveValue('https://hrm.test/login');
    await expect(page.getByRole('navigation', { name: 'Personas' }).getByRole('button', { name: /^Anna Svensson/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  test('the phone stays closed below the inbox until a page asks for it, and opens from its button', async ({ page }) => {
    await openStage(page);
    const phone = page.getByRole('region', { name: `Phone of ${ANNA}` });
    const open = phone.getByRole('button', { name: 'Phone' });
    await expect(open).toHaveAttribute('aria-expanded', 'false');
    await expect(phone.getByRole('button', { name: 'Scan QR code' })).toBeHidden();
    const phoneBox = await phone.boundingBox();
    const inboxBox = await inboxOf(page, ANNA).boundingBox();
    expect(phoneBox!.y, 'the phone sits below the inbox, not at the top right').toBeGreaterThan(inboxBox!.y);

    await open.click();
    await expect(phone.getByRole('button', { name: 'Scan QR code' })).toBeVisible();
    await phone.getByRole('button', { name: 'Hide' }).click();
    await expect(phone.getByRole('button', { name: 'Scan QR code' })).toBeHidden();
  });

  test('personas collapse to avatars and stay so after a reload; the start stays hidden after a reload until shown again', async ({
    page,
  }) => {
    await openStage(page);
    const personas = page.getByRole('navigation', { name: 'Personas' });
    await expect(personas.getByText('The happy path: three addresses, two of them suggested.')).toBeVisible();
    await personas.getByRole('button', { name: 'Collapse personas to avatars' }).click();
    await expect(personas.getByText('The happy path: three addresses, two of them suggested.')).toBeHidden();
    await expect(personas.getByRole('button', { name: ANNA, exact: true })).toHaveAttribute('title', /Employee/);

    await startPanel(page).getByRole('button', { name: 'Hide the start' }).click();
    await expect(startPanel(page)).toBeHidden();

    await page.reload();
    await expect(personas.getByRole('button', { name: ANNA, exact: true })).toBeVisible();
    await expect(personas.getByRole('button', { name: 'Show persona cards' })).toBeVisible();
    await expect(browserOf(page, ANNA)).toBeVisible();
    await expect(startPanel(page)).toBeHidden();

    await page.getByRole('button', { name: /^Workspace/ }).click();
    await page.getByRole('button', { name: 'Show the start' }).click();
    await expect(startPanel(page)).toBeVisible();

    await personas.getByRole('button', { name: 'Show persona cards' }).click();
    await expect(personas.getByText('The happy path: three addresses, two of them suggested.')).toBeVisible();
  });

  test('a second tab on the same workspace works beside the first, and shows the start as the first left it', async ({ page, context }) => {
    await openStage(page);
    await startPanel(page).getByRole('button', { name: 'Hide the start' }).click();
    await go(browserOf(page, ANNA), 'hrm.test/login');

    const second = await context.newPage();
    await openStage(second);
    await expect(browserOf(second, ANNA)).toBeVisible();
    await expect(startPanel(second)).toBeHidden();
    const karin = await choosePersona(second, KARIN.name);
    await expect(karin.getByLabel('User ID')).toBeVisible();
    // The first tab keeps its own persona on stage.
    await expect(browserOf(page, ANNA)).toBeVisible();
  });

  test('"Watch the happy path" opens trainer mode with the happy path loaded', async ({ page }) => {
    await openStage(page);
    await startPanel(page).getByRole('button', { name: 'Watch the happy path' }).click();
    const trainer = page.getByRole('region', { name: 'Trainer mode' });
    await expect(trainer).toBeVisible();
    await expect(trainer.getByLabel('Scenario', { exact: true })).toHaveValue('happy-path');
    // Loaded: the replay's first step is ready to run.
    await expect(trainer.getByRole('button', { name: 'Next step' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Trainer mode', exact: true })).toHaveAttribute('aria-expanded', 'true');
  });
});

test.describe('at 1280×720 (a projector)', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the personas start as avatars, the bar is one row, and Karin’s step leads to her Users view through "Fill in"', async ({
    page,
  }) => {
    await openStage(page);
    await expect(page.getByRole('banner').getByText('Rollout Rehearsal')).toBeVisible();
    await expectClockBarOnOneRow(page);
    const personas = page.getByRole('navigation', { name: 'Personas' });
    await expect(personas.getByRole('button', { name: 'Show persona cards' })).toBeVisible();
    await expectBrowserAtLeast(page, ANNA, 700);

    await startPanel(page).getByRole('button', { name: 'Be Karin and see who is left' }).click();
    const karin = browserOf(page, KARIN.name);
    await expect(karin.getByLabel('User ID')).toBeVisible();
    await expect(karin.getByTestId('address-bar')).toHaveValue(/^https:\/\/hrm\.test\/login\?return_to=/);

    const fill = personas.getByRole('button', { name: 'Fill in' });
    await fill.click();
    await expect(karin.getByLabel('User ID')).toHaveValue(KARIN.loginId);
    await expect(karin.getByLabel('Password')).not.toHaveValue('');
    await karin.getByRole('button', { name: 'Log in' }).click();
    await expect(karin.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

    // No login form on screen: "Fill in" is off and says why.
    await expect(fill).toBeDisabled();
    await expect(fill).toHaveAccessibleDescription('Shown when the HRM login form is on screen.');
  });

  test('"Fast-forward to activation" asks first, then moves the world clock to activation', async ({ page }) => {
    await openStage(page);
    await expect(page.getByTestId('phase')).toHaveText('preparation');
    await startPanel(page).getByRole('button', { name: 'Fast-forward to activation' }).click();
    await expect(startPanel(page).getByText(/^Move the world clock to/)).toBeVisible();
    await startPanel(page).getByRole('button', { name: 'Yes, fast-forward' }).click();
    await expect(page.getByTestId('phase')).toHaveText('activation');
    await expect(startPanel(page).getByRole('status')).toContainText('The world clock is at activation');
  });
});

test.describe('at 768×1024 (a tablet)', () => {
  test.use({ viewport: { width: 768, height: 1024 } });

  test('the browser takes the width, the personas a strip above it', async ({ page }) => {
    await openStage(page);
    await expect(page.getByRole('banner').getByText('Rollout Rehearsal')).toBeVisible();
    await expectBrowserAtLeast(page, ANNA, 700);
    await expect(page.getByRole('tab', { name: 'Browser' })).toHaveAttribute('aria-selected', 'true');
  });
});

test.describe('at 390×844 (a phone)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the browser and the inbox are tabs the arrow keys move between; the browser is at least 350 px wide', async ({ page }) => {
    await openStage(page);
    await expect(page.getByRole('banner').getByText('Rollout Rehearsal')).toBeVisible();
    await expectBrowserAtLeast(page, ANNA, 350);

    const browserTab = page.getByRole('tab', { name: 'Browser' });
    const inboxTab = page.getByRole('tab', { name: /^Inbox/ });
    await expect(browserTab).toHaveAttribute('aria-selected', 'true');
    await expect(inboxOf(page, ANNA)).toBeHidden();

    await browserTab.focus();
    await page.keyboard.press('ArrowRight');
    await expect(inboxTab).toBeFocused();
    await expect(inboxTab).toHaveAttribute('aria-selected', 'true');
    await expect(inboxOf(page, ANNA)).toBeVisible();
    await expect(browserOf(page, ANNA)).toBeHidden();
    await expect(page.getByRole('tabpanel')).toHaveCount(1);

    await page.keyboard.press('ArrowLeft');
    await expect(browserTab).toBeFocused();
    await expect(browserOf(page, ANNA)).toBeVisible();

    // The start's step shows Anna's login in the browser tab.
    await startPanel(page).getByRole('button', { name: 'Be Anna and link her account' }).click();
    await expect(browserOf(page, ANNA).getByLabel('User ID')).toBeVisible();
  });
});
