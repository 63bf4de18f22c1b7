import { Browser, Page } from 'playwright-core';

import { TokenIssuer } from '@app/identity';
import { waitFor } from '@app/testing';

import { CONSOLE_ASSETS } from '../apps/api/src/console';
import {
  GraphSimulator,
  startGraphSimulator,
} from '../apps/graph-simulator/src';
import { WORKER_FEATURES } from '../apps/worker/src/worker.module';
import {
  buildConsoleForTest,
  CHROMIUM_PATH,
  hasChromium,
  launchChromium,
  screenshot,
} from './support/console-browser';
import { seedSimulatedTenant, SimulatedSeed } from './support/simulated-tenant';
import { startTestApp, TestApp } from './support/test-app';

// Without a browser there is nothing to drive: say so in the test name.
const describeInBrowser = hasChromium ? describe : describe.skip;
const title = hasChromium
  ? 'the operator console in Chromium'
  : `the operator console (skipped: no browser at ${CHROMIUM_PATH}; apt-get install -y chromium)`;

describeInBrowser(title, () => {
  let simulator: GraphSimulator;
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let seed: SimulatedSeed;

  beforeAll(async () => {
    const assets = await buildConsoleForTest();
    simulator = await startGraphSimulator({
      seed: 11,
      tenants: [{ policiesPerType: 1 }, { policiesPerType: 2 }],
    });
    t = await startTestApp('console_e2e', {
      runProjections: true,
      imports: WORKER_FEATURES,
      overrides: [{ provide: CONSOLE_ASSETS, useValue: assets }],
      env: {
        WORKER_CONCURRENCY: '8',
        CAPTURE_BACKOFF_MS: '50',
        RECONCILE_INTERVAL_MS: '0',
        GRAPH_BASE_URL: simulator.baseUrl,
        GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      },
    });
    await t.app.listen(0, '127.0.0.1');
    url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    seed = await seedSimulatedTenant(t.app, simulator.tenants[0]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await simulator?.close();
  });

  async function signIn(token: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${url}/console`);
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Policies' }).waitFor();
    return page;
  }

  it('adds ten selected policies, follows the run to completed, shows its timeline and the notification', async () => {
    const token = await t.token([[seed.tenantId, 'operator']], 'alice');
    const page = await signIn(token);

    const boxes = page.getByRole('checkbox', { name: /^Select (?!all)/ });
    await boxes.nth(9).waitFor();
    for (let i = 0; i < 10; i++) await boxes.nth(i).check();
    await page.getByLabel('Include assignments').check();
    await page.getByText('10 policies selected').waitFor();
    await screenshot(page, 'policies');
    await page.getByRole('button', { name: 'Add selected' }).click();
    await page.getByRole('link', { name: 'View run' }).click();

    await page
      .getByRole('heading', { name: 'Status: completed' })
      .waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-count="succeeded"]').textContent()).toBe(
      '10',
    );
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe(
      '10',
    );
    await page.getByText('captured').first().waitFor();
    await screenshot(page, 'run');

    await page.getByRole('link', { name: 'Audit timeline' }).click();
    await page
      .getByText('BulkOperationRunCompleted', { exact: true })
      .waitFor();
    const slider = page.getByRole('slider');
    await slider.focus();
    await page.keyboard.press('Home');
    await page.getByText('Event 1 of').first().waitFor();
    expect(await page.getByText(/After event 1:/).textContent()).toContain(
      'pending',
    );
    await page.keyboard.press('End');
    await page.getByText(/After event \d+: completed, 10 captured/).waitFor();
    await screenshot(page, 'audit');

    await page.getByRole('link', { name: 'Notifications' }).click();
    const runLinks = page.locator('.notifications').getByRole('link', {
      name: 'View run',
    });
    await waitFor(
      'the notification in the page',
      async () => {
        if ((await runLinks.count()) > 0) return true;
        await page.getByRole('button', { name: 'Refresh' }).click();
        return false;
      },
      { timeoutMs: 15_000, intervalMs: 300 },
    );
    await screenshot(page, 'notifications');
    await page.close();
  });

  it('returns to sign-in when the API answers 401', async () => {
    const expired = await t.app.get(TokenIssuer).issue({
      userId: 'alice',
      tenants: [[seed.tenantId, 'operator']],
      issuedAt: new Date(Date.now() - 3_600_000),
      expiresInSeconds: 60,
    });
    const page = await browser.newPage();
    // The page is plain browser code: pass it as source, not a closure.
    await page.addInitScript(
      `sessionStorage.setItem('console.token', ${JSON.stringify(expired)})`,
    );

    await page.goto(`${url}/console#/policies`);

    await page.getByText('Your session has ended').waitFor();
    await page.getByLabel('Access token').waitFor();
    await screenshot(page, 'sign-in');
    await page.close();
  });

  it('works from the keyboard alone on the policies page, with visible focus', async () => {
    const other = await seedSimulatedTenant(t.app, simulator.tenants[1]);
    const token = await t.token([[other.tenantId, 'operator']], 'kim');
    const page = await browser.newPage();
    await page.goto(`${url}/console`);
    // The sign-in page puts focus in the token field itself.
    await page.waitForFunction("document.activeElement?.id === 'token'");
    await page.keyboard.type(token);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Policies' }).waitFor();
    await page
      .getByRole('checkbox', { name: /^Select (?!all)/ })
      .first()
      .waitFor();

    await tabTo(page, 'Select all policies on this page');
    expect(await focusOutline(page)).not.toBe('none');
    await page.keyboard.press('Space');
    await page.getByText('25 policies selected').waitFor();
    await tabTo(page, 'Add selected');
    expect(await focusOutline(page)).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'View run' }).waitFor();
    await tabTo(page, 'View run');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Status:/ }).waitFor();
    await page.close();
  });

  it('lets support rebuild a projection after confirming', async () => {
    const token = await t.token([[seed.tenantId, 'support']], 'sam');
    const page = await signIn(token);
    await page.getByRole('link', { name: 'Support' }).click();
    const rebuild = page.getByRole('button', { name: /^Rebuild / }).first();
    await rebuild.waitFor();

    await rebuild.click();
    await page.getByRole('dialog').waitFor();
    await screenshot(page, 'support-confirm');
    const accepted = page.waitForResponse(
      (r) => r.url().endsWith('/rebuild') && r.request().method() === 'POST',
    );
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Rebuild', exact: true })
      .click();

    expect((await accepted).status()).toBe(202);
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await screenshot(page, 'support');
    await page.close();
  });

  it('shows a forbidden message to an operator on the support page', async () => {
    const token = await t.token([[seed.tenantId, 'operator']], 'alice');
    const page = await signIn(token);

    await page.getByRole('link', { name: 'Support' }).click();

    await page.getByRole('alert').getByText('Not allowed.').waitFor();
    await screenshot(page, 'support-forbidden');
    await page.close();
  });
});

/** Presses Tab until the focused element's accessible name is `name`. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(
      `(document.activeElement?.getAttribute('aria-label') ??
        document.activeElement?.textContent ?? '').trim()`,
    );
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

function focusOutline(page: Page): Promise<string> {
  return page.evaluate<string>(
    'getComputedStyle(document.activeElement).outlineStyle',
  );
}
