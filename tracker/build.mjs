// Builds the tracker (dist/matomo.js) and the opt-out form script (dist/optout.js): bundled, minified
// IIFEs for browsers since 2017. Prints each file's size, gzipped and brotli-compressed.
// Usage: node build.mjs
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const banner = '/*! Makoto JavaScript tracker, compatible with Matomo\'s matomo.js. */';
const common = { bundle: true, minify: true, format: 'iife', target: ['es2017'], legalComments: 'inline', logLevel: 'warning' };

mkdirSync('dist', { recursive: true });
await build({ ...common, entryPoints: ['src/index.js'], outfile: 'dist/matomo.js', banner: { js: banner } });
await build({ ...common, entryPoints: ['src/optout.js'], outfile: 'dist/optout.js', globalName: 'MakotoOptOut' });

for (const file of ['dist/matomo.js', 'dist/optout.js']) {
    const bytes = readFileSync(file);
    const gzip = gzipSync(bytes, { level: 9 }).length;
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`${file}: ${bytes.length} bytes minified, ${gzip} gzip, ${brotli} brotli`);
}
