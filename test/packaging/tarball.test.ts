/**
 * What `npm pack` ships: compiled JavaScript, declarations, the prebuilt addon,
 * the C++ sources and binding.gyp (so other platforms can build), README and
 * license — nothing else. The prebuild is a stripped Node-API binary that
 * needs no more glibc than the README promises; publint and arethetypeswrong
 * find no problem.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedTarball, ROOT, tarballFiles } from './helpers';

const require = createRequire(__filename);
const { glibcFloor } = require(path.join(ROOT, 'scripts', 'prebuild.js')) as {
  glibcFloor: (file: string) => string | null;
};

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PREBUILD = 'prebuilds/linux-x64/psnode.glibc.node';
/** What may ship; anything else is a leftover. */
const SHIPPABLE = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^binding\.gyp$/,
  /^scripts\/install\.js$/,
  /^dist\/.+\.(js|mjs|d\.ts|d\.mts)$/,
  /^native\/.+\.(cc|h)$/,
  /^prebuilds\/[a-z0-9]+-[a-z0-9]+\/psnode(\.[a-z0-9]+)*\.node$/,
];

let tarball = '';
let files: string[] = [];
let scratch = '';
beforeAll(async () => {
  tarball = await packedTarball();
  files = tarballFiles(tarball);
  scratch = mkdtempSync(path.join(tmpdir(), 'psnode-tarball-'));
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Extracts one file of the tarball into the scratch folder and returns its path. */
function extract(file: string): string {
  execFileSync('tar', ['-xzf', tarball, '-C', scratch, `package/${file}`]);
  return path.join(scratch, 'package', file);
}

function readelfSections(file: string): string {
  return execFileSync('readelf', ['-S', '-W', file], { encoding: 'utf8' });
}

function dynamicSymbols(file: string): string[] {
  return execFileSync('objdump', ['-T', file], { encoding: 'utf8' }).split('\n');
}

describe('the packed tarball', () => {
  it('holds only what a user needs', () => {
    const leftovers = files.filter((file) => !SHIPPABLE.some((pattern) => pattern.test(file)));
    expect(leftovers).toEqual([]);
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'binding.gyp',
      'scripts/install.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/index.mjs',
      'dist/index.d.mts',
      'dist/workers/worker.js',
    ]) {
      expect(files).toContain(needed);
    }
    expect(readFileSync(extract('LICENSE'), 'utf8')).toMatch(
      /BSD 3-Clause License\s+Copyright \(c\) 2026, the psnode authors/,
    );
  });

  it('carries every C++ source binding.gyp names, so other platforms can build', () => {
    const gyp = readFileSync(path.join(ROOT, 'binding.gyp'), 'utf8');
    const sources = [...gyp.matchAll(/"(native\/[^"]+\.cc)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(files).toContain(source);
    // The headers they include ship too: every .h under native/.
    const headers = readdirSync(path.join(ROOT, 'native'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.h'))
      .map((file) => `native/${file}`);
    expect(headers.length).toBeGreaterThan(3);
    for (const header of headers) expect(files).toContain(header);
  });

  it('ships no JavaScript without a source (no stale build output)', () => {
    for (const file of files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
      const source = path.join(ROOT, 'src', file.slice('dist/'.length).replace(/\.js$/, '.ts'));
      expect(existsSync(source), `${file} has no src/ counterpart`).toBe(true);
    }
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'carries a stripped, libc-tagged Node-API prebuild for linux-x64 that loads here',
    () => {
      expect(files).toContain(PREBUILD);
      const prebuild = extract(PREBUILD);
      expect(readelfSections(prebuild)).not.toMatch(/\.symtab\b/);
      // Node-API only: no V8, libuv or Node C++ symbols, so no tie to one Node version.
      const undefinedSymbols = dynamicSymbols(prebuild)
        .filter((line) => line.includes('*UND*'))
        .map((line) => line.trim().split(/\s+/).at(-1) ?? '');
      const fromNode = undefinedSymbols.filter((name) => /^(napi_|node_api_|_ZN2v8|_ZN4node|uv_)/.test(name));
      expect(fromNode.length).toBeGreaterThan(10);
      expect(fromNode.filter((name) => !/^(napi_|node_api_)/.test(name))).toEqual([]);
      const binding = require(prebuild) as Record<string, unknown>;
      expect(typeof binding.cpuTimes).toBe('function');
    },
  );

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'needs no newer glibc than the README states',
    () => {
      const stated = /glibc (\d+\.\d+) or newer/.exec(README)?.[1];
      expect(stated, 'README states "glibc X.Y or newer"').toBeDefined();
      const needed = glibcFloor(extract(PREBUILD));
      expect(needed).not.toBeNull();
      const [major, minor] = (needed ?? '').split('.').map(Number);
      const [statedMajor, statedMinor] = (stated ?? '').split('.').map(Number);
      expect(
        (major ?? 0) * 1000 + (minor ?? 0),
        `the prebuild needs glibc ${needed}, the README promises ${stated}`,
      ).toBeLessThanOrEqual((statedMajor ?? 0) * 1000 + (statedMinor ?? 0));
    },
  );

  it('is about the size the README states', () => {
    const match = /tarball is about (\d+) kB/.exec(README);
    expect(match, 'README states "tarball is about N kB"').not.toBeNull();
    const stated = Number(match?.[1]) * 1000;
    const actual = statSync(tarball).size;
    // A factor of two either way means the figure is stale (or a leftover slipped in).
    expect(actual, `the tarball is ${Math.round(actual / 1000)} kB; update the README`).toBeLessThan(stated * 2);
    expect(actual, `the tarball is ${Math.round(actual / 1000)} kB; update the README`).toBeGreaterThan(stated / 2);
  });

  it('passes publint and arethetypeswrong', () => {
    const lint = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'lint-package.js'), tarball], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    const output = `${lint.stdout}${lint.stderr}`;
    expect(lint.status, output).toBe(0);
    expect(output).toMatch(/All good!/);
    expect(output).toMatch(/No problems found/);
  }, 200_000);
});
