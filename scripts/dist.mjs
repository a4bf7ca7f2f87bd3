/**
 * Helpers of `npm run build` (tsc -p tsconfig.build.json compiles the TypeScript to dist/):
 *   node scripts/dist.mjs clean    removes dist/ (no stale file of a deleted source survives)
 *   node scripts/dist.mjs assets   copies the files the code reads beside itself at run time — the Fluent
 *                                  locales (*.ftl), the panel's CSS and the report page's script — to the
 *                                  same place under dist/, so dist/ runs without the sources
 */
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const SOURCES = ['core', 'bot', 'admin', 'jobs'];
const ASSET = /\.(ftl|css|js)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const step = process.argv[2];
if (step === 'clean') {
  rmSync(dist, { recursive: true, force: true });
} else if (step === 'assets') {
  let n = 0;
  for (const top of SOURCES) {
    for (const file of files(join(root, top))) {
      if (!ASSET.test(file)) continue;
      cpSync(file, join(dist, relative(root, file)));
      n++;
    }
  }
  console.log(`dist/: ${n} asset file(s) copied`);
} else {
  console.error('usage: node scripts/dist.mjs clean|assets');
  process.exit(2);
}
