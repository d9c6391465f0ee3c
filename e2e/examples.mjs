// The examples in examples/ as a merchant would run them: copied to a temp dir, with
// `@orkestra/checkout` pointed at the tarball `cargo xtask build` packed (the rest from
// the example's committed lockfile, through the npm cache), type-checked, built, served.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';

const root = fileURLToPath(new URL('..', import.meta.url));

export function tarball() {
  const name = readdirSync(join(root, 'pkg')).find((n) => n.endsWith('.tgz'));
  assert.ok(name, 'cargo xtask build packed pkg/*.tgz');
  return join(root, 'pkg', name);
}

/** `examples/<name>` installed in a temp dir; `run(cmd, args)` runs there. */
export function installExample(name) {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), `orkestra-${name}-`));
  const skip = new Set(['node_modules', 'dist', '.next']);
  cpSync(join(root, 'examples', name), dir, {
    recursive: true,
    filter: (source) => !skip.has(source.split('/').pop()),
  });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json')));
  manifest.dependencies['@orkestra/checkout'] = `file:${tarball()}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  // The committed lockfile pins everything else; this one package is the fresh tarball.
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json')));
  delete lock.packages['node_modules/@orkestra/checkout'];
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
  const run = (cmd, args, options = {}) =>
    execFileSync(cmd, args, {
      cwd: dir,
      stdio: 'pipe',
      timeout: 300000,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env },
    }).toString();
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);
  const installed = join(dir, 'node_modules/@orkestra/checkout');
  assert.ok(existsSync(join(installed, 'react.js')) && existsSync(join(installed, 'server.js')), 'the tarball is installed');
  console.log(`# ${name}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { dir, run, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Type-checks with `checker` (tsc or vue-tsc): the example as it is passes; each of
 * `wrong` (`{ file, text, expect }`) added alone fails, its output matching `expect`.
 */
export function typecheck(example, checker, wrong) {
  const bin = join(example.dir, 'node_modules/.bin', checker);
  example.run(bin, ['--noEmit', '-p', '.']);
  for (const { file, text, expect } of wrong) {
    const path = join(example.dir, file);
    writeFileSync(path, text);
    try {
      assert.throws(
        () => example.run(bin, ['--noEmit', '-p', '.']),
        (error) => {
          const out = `${error.stdout}${error.stderr}`;
          assert.match(out, expect, `${file}: ${out}`);
          return true;
        },
        `${file} must fail ${checker}`,
      );
    } finally {
      rmSync(path);
    }
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a long-running command (its own process group); `stop()` ends the group. */
export function start(example, cmd, args, env) {
  const child = spawn(cmd, args, {
    cwd: example.dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  return {
    output: () => output,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    },
  };
}
