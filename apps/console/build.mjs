// Bundles the operator console with esbuild. `node apps/console/build.mjs`
// writes the production build to dist/console (or `--out DIR`); `--serve`
// runs a dev server that rebuilds on change and proxies the API (API_URL,
// default :3000) so page and API share one origin, as in production.
import { build, context } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';

const here = dirname(new URL(import.meta.url).pathname);
const root = resolve(here, '../..');

const options = (outdir, minify) => ({
  entryPoints: [join(here, 'src/main.tsx'), join(here, 'src/console.css')],
  outdir,
  bundle: true,
  minify,
  sourcemap: !minify,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // Hashed names let the server cache assets for good; index.html is not.
  entryNames: minify ? '[name]-[hash]' : '[name]',
  metafile: true,
  logLevel: 'warning',
});

/** Writes index.html pointing at the bundle's (hashed) file names. */
async function writeIndex(outdir, metafile) {
  const outputs = Object.keys(metafile.outputs).map((p) => basename(p));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  const template = await readFile(join(here, 'src/index.html'), 'utf8');
  await writeFile(
    join(outdir, 'index.html'),
    template.replace('{{js}}', js).replace('{{css}}', css),
  );
}

/** The production build; returns the output directory. */
export async function buildConsole(outdir = join(root, 'dist/console')) {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build(options(join(outdir, 'assets'), true));
  await writeIndex(outdir, result.metafile);
  return outdir;
}

async function serve() {
  const outdir = join(root, '.data/console-dev');
  await mkdir(join(outdir, 'assets'), { recursive: true });
  const ctx = await context({
    ...options(join(outdir, 'assets'), false),
    plugins: [
      {
        name: 'index',
        setup: (b) =>
          b.onEnd((r) => r.metafile && writeIndex(outdir, r.metafile)),
      },
    ],
  });
  await ctx.watch();
  const assets = await ctx.serve({ servedir: outdir, host: '127.0.0.1' });
  const api = new URL(process.env.API_URL ?? 'http://localhost:3000');
  const port = Number(process.env.CONSOLE_DEV_PORT ?? 5173);
  // Same origin for page and API, as in production: /console/* from
  // esbuild, everything else to the API.
  createServer((req, res) => {
    const toAssets =
      req.url.startsWith('/console') && !req.url.includes('config.json');
    const target = toAssets
      ? {
          hostname: assets.hosts[0],
          port: assets.port,
          path: req.url.replace(/^\/console\/?/, '/') || '/',
        }
      : { hostname: api.hostname, port: api.port, path: req.url };
    const upstream = request(
      { ...target, method: req.method, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502).end(String(error));
    });
    req.pipe(upstream);
  }).listen(port, () => {
    console.log(`console dev server: http://localhost:${port}/console`);
  });
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  if (process.argv.includes('--serve')) await serve();
  else {
    const out = process.argv.indexOf('--out');
    const dir = out > 0 ? resolve(process.argv[out + 1]) : undefined;
    console.log(`console built in ${await buildConsole(dir)}`);
  }
}
