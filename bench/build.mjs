// Compiles apps/, libs/ and bench/ to .bench/dist with SWC. Separate from
// scripts/build.mjs because that one empties dist/ on every run, which
// would pull the benchmark's processes out from under it mid-run.
import { transformFile } from '@swc/core';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const outDir = join(root, '.bench', 'dist');
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      yield path;
    }
  }
}

async function compile(file) {
  const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
  const { code } = await transformFile(file, {
    ...swcrc,
    swcrc: false,
    filename: file,
    sourceMaps: false,
    jsc: {
      ...swcrc.jsc,
      baseUrl: root,
      paths: { '@app/*': ['./libs/*/src/index.ts'] },
    },
  });
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, code);
}

await rm(outDir, { recursive: true, force: true });
const files = [];
for (const top of ['apps', 'libs', 'bench']) {
  for await (const file of sources(join(root, top))) files.push(file);
}
await Promise.all(files.map(compile));
