// Builds the web console's assets for the jar: node build.mjs OUTPUT_DIR
//
// 1. `npm ci` the pinned libraries of package-lock.json (checked against its sha512 integrity
//    hashes, install scripts off) unless node_modules already holds exactly that lock file: an
//    offline rebuild (mvn -o) needs no registry.
// 2. Copies our own pages (src/) and the few library files the pages load (no bundler: the
//    browser loads them as ES modules) to OUTPUT_DIR, which Maven packs into the jar as /web.
// Run by Maven (exec-maven-plugin, generate-resources), so `mvn package`, ./hurdvm, scripts/test
// and the Dockerfile all produce the same assets.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUTPUT_DIR');
  process.exit(2);
}

function installPinned() {
  const lock = readFileSync(join(here, 'package-lock.json'), 'utf8');
  const installed = join(here, 'node_modules', '.package-lock.json');
  const stamp = join(here, 'node_modules', '.hurdvm-lock');
  if (existsSync(installed) && existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) {
    return;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
      { cwd: here, stdio: 'inherit' });
  if (r.error || r.status !== 0) {
    console.error(`web/build.mjs: 'npm ci' failed (${r.error ? r.error.message : 'exit ' + r.status});`
        + ' install Node.js and npm (apt-get install nodejs npm) and make sure the npm registry is reachable');
    process.exit(1);
  }
  writeFileSync(stamp, lock);
}

/** Library files the pages import, as [from node_modules, to OUTPUT_DIR/ui/vendor]. */
const VENDOR = [
  ['@xterm/xterm/lib/xterm.mjs', 'xterm/xterm.mjs'],
  ['@xterm/xterm/css/xterm.css', 'xterm/xterm.css'],
  ['@xterm/xterm/LICENSE', 'xterm/LICENSE'],
  ['@xterm/addon-fit/lib/addon-fit.mjs', 'xterm/addon-fit.mjs'],
  ['@xterm/addon-fit/LICENSE', 'xterm/LICENSE.addon-fit'],
  ['uplot/dist/uPlot.esm.js', 'uplot/uPlot.esm.js'],
  ['uplot/dist/uPlot.min.css', 'uplot/uPlot.min.css'],
  ['uplot/LICENSE', 'uplot/LICENSE'],
  ['@novnc/novnc/core', 'novnc/core'],
  ['@novnc/novnc/vendor/pako', 'novnc/vendor/pako'],
  ['@novnc/novnc/LICENSE.txt', 'novnc/LICENSE.txt'],
];

/** A source map comment makes the browser's developer tools ask for a file we do not ship. */
function copyWithoutSourceMapComment(from, to) {
  if (statSync(from).isDirectory()) {
    for (const entry of readdirSync(from)) {
      copyWithoutSourceMapComment(join(from, entry), join(to, entry));
    }
    return;
  }
  mkdirSync(dirname(to), { recursive: true });
  if (/\.(m?js|css)$/.test(from)) {
    writeFileSync(to, readFileSync(from, 'utf8').replace(/\n\/[/*]# sourceMappingURL=\S+( \*\/)?\s*$/, '\n'));
  } else {
    cpSync(from, to);
  }
}

installPinned();
rmSync(out, { recursive: true, force: true });
cpSync(join(here, 'src'), out, { recursive: true });
for (const [from, to] of VENDOR) {
  const source = join(here, 'node_modules', from);
  if (!existsSync(source)) {
    console.error(`web/build.mjs: ${relative(here, source)} is missing: the pinned package changed its layout`);
    process.exit(1);
  }
  copyWithoutSourceMapComment(source, join(out, 'ui', 'vendor', to));
}
console.log(`web/build.mjs: assets in ${out}`);
