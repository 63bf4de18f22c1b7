import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const hasChromium = existsSync(CHROMIUM_PATH);

/** Screenshots of each page, kept as test artifacts. */
export const SCREENSHOT_DIR = join(
  __dirname,
  '../../.data/console-screenshots',
);

/** Builds the console into a directory of the test's own. */
export async function buildConsoleForTest(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'console-'));
  await promisify(execFile)(process.execPath, [
    join(__dirname, '../../apps/console/build.mjs'),
    '--out',
    dir,
  ]);
  return dir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
  });
}
