// Builds the web app into ../Api/wwwroot (git-ignored; the Api serves it): one JavaScript bundle and one stylesheet with
// content hashes in their names under assets/, and index.html pointing at them. No network, no install scripts.
// Usage: npm ci --prefix web && npm run --prefix web build   (EMOTECARE_WEB_OUT overrides the output folder)
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, process.env.EMOTECARE_WEB_OUT ?? '../Api/wwwroot');

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: { app: path.join(here, 'src/main.js'), styles: path.join(here, 'src/app.css') },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  entryNames: '[name]-[hash]',
  outdir: path.join(out, 'assets'),
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

const outputs = Object.entries(result.metafile.outputs);
const named = (entry) => {
  const found = outputs.find(([, meta]) => meta.entryPoint && path.resolve(meta.entryPoint) === path.join(here, entry));
  if (!found) throw new Error(`no output for ${entry}`);
  return '/' + path.relative(out, path.resolve(found[0])).split(path.sep).join('/');
};

const html = (await readFile(path.join(here, 'src/index.html'), 'utf8'))
  .replace('%APP_JS%', named('src/main.js'))
  .replace('%APP_CSS%', named('src/app.css'));
await writeFile(path.join(out, 'index.html'), html);

const size = outputs.filter(([file]) => !file.endsWith('.map')).reduce((sum, [, meta]) => sum + meta.bytes, 0);
console.log(`web app built into ${out} (${Math.round(size / 1024)} KiB of scripts and styles)`);
