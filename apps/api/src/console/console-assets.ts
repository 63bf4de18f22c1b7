import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Injection token: the directory of the console's production build. */
export const CONSOLE_ASSETS = Symbol('CONSOLE_ASSETS');

/**
 * `dist/console` at the repository root, found by walking up from here so
 * it works from the sources (tests) and from `dist/` alike.
 */
export function defaultConsoleAssets(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(dir, 'dist', 'console');
}
