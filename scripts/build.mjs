// Compiles apps/ and libs/ to dist/ with SWC (type-checking is `npm run typecheck`).
import { transformFile } from '@swc/core';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

import { buildConsole } from '../apps/console/build.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const outDir = join(root, 'dist');
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // The console is browser code, bundled by its own build below.
    if (path === join(root, 'apps/console')) continue;
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      yield path;
    }
  }
}

async function compile(file) {
  const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
  const { code, map } = await transformFile(file, {
    ...swcrc,
    swcrc: false,
    filename: file,
    sourceFileName: relative(dirname(target), file),
    jsc: {
      ...swcrc.jsc,
      baseUrl: root,
      paths: { '@app/*': ['./libs/*/src/index.ts'] },
    },
  });
  await mkdir(dirname(target), { recursive: true });
  await writeFile(
    target,
    `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`,
  );
  await writeFile(`${target}.map`, map);
}

await rm(outDir, { recursive: true, force: true });
const files = [];
for (const top of ['apps', 'libs']) {
  for await (const file of sources(join(root, top))) files.push(file);
}
await Promise.all(files.map(compile));
await buildConsole();
