/**
 * The packed tarball, installed into a fresh project and used the ways people
 * use it: an ES module, a CommonJS script (also inside a worker thread of the
 * user's own), and a TypeScript project type-checked with `tsc --noEmit`
 * against the shipped declarations, whose result fields state their units.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, npmInstall, packedTarball, ROOT, userEnv } from './helpers';

const work = mkdtempSync(path.join(tmpdir(), 'psnode-consumers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The versions this repository uses, so the install is served from npm's cache. */
function devVersion(name: string): string {
  return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

const ESM = `
import { backendInfo, close, cpuTimes, virtualMemory } from 'psnode';
import psnode from 'psnode';
import { createRequire } from 'node:module';

const mem = await virtualMemory();
const perCpu = await cpuTimes({ percpu: true });
const required = createRequire(import.meta.url)('psnode');
console.log(JSON.stringify({
  total: mem.total,
  cpus: perCpu.length,
  info: backendInfo(),
  // The ES module face re-exports the CommonJS build: one instance, one pool.
  sameInstance: required.virtualMemory === virtualMemory && psnode.virtualMemory === virtualMemory,
}));
await close();
`;

const CJS = `
const ps = require('psnode');
const { Worker } = require('node:worker_threads');

async function main() {
  const mem = await ps.virtualMemory();
  const pids = await ps.pids();
  // psnode inside a worker thread of the user's own: the addon loads there too.
  const inWorker = await new Promise((resolve, reject) => {
    const worker = new Worker(
      "const ps = require('psnode'); const { parentPort } = require('node:worker_threads');" +
        "ps.swapMemory().then(async (s) => { parentPort.postMessage({ total: s.total, info: ps.backendInfo() }); await ps.close(); });",
      { eval: true },
    );
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  let typed = null;
  await ps.cpuPercent({ interval: -1 }).catch((error) => {
    typed = error instanceof RangeError;
  });
  console.log(JSON.stringify({ total: mem.total, pids: pids.length, info: ps.backendInfo(), inWorker, typed }));
  await ps.close();
}
main();
`;

/** ES module TypeScript: the public types resolve, and misuse is a type error. */
const MTS = `
import { cpuFreq, cpuTimes, ErrorCode, PsnodeError, type CpuTimes, type SwapMemory, swapMemory, type User, users, type VirtualMemory, virtualMemory } from 'psnode';
import psnode from 'psnode';

export const mem: VirtualMemory = await virtualMemory({ timeout: 1000 });
export const total: number = mem.total;
export const all: CpuTimes = await cpuTimes();
export const each: CpuTimes[] = await cpuTimes({ percpu: true });
export const swap: SwapMemory = await swapMemory({ signal: AbortSignal.timeout(5000) });
export const who: User[] = await users();
const freq = await cpuFreq();
export const mhz: number | undefined = freq?.current;
export const code: 'PSNODE_COMMAND_FAILED' = ErrorCode.CommandFailed;
export const isPsnode = (e: unknown): boolean => e instanceof PsnodeError;
export const viaDefault: typeof virtualMemory = psnode.virtualMemory;

// @ts-expect-error no such field
mem.totl;
// @ts-expect-error timeout is a number of milliseconds
await virtualMemory({ timeout: '1s' });
// @ts-expect-error a per-CPU list is not one CpuTimes
export const wrong: CpuTimes = await cpuTimes({ percpu: true });
// @ts-expect-error cpuFreq may be null
export const notNull: number = freq.current;
`;

/** CommonJS TypeScript: \`require\` resolution finds the same declarations. */
const CTS = `
import ps = require('psnode');
import type { VirtualMemory } from 'psnode';

export async function total(): Promise<number> {
  const mem: VirtualMemory = await ps.virtualMemory();
  // @ts-expect-error percent is a number
  const wrong: string = mem.percent;
  return mem.total + wrong.length;
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noEmit: true,
    types: ['node'],
  },
  files: ['src/index.mts', 'src/legacy.cts'],
};

let app = '';
beforeAll(async () => {
  const tarball = await packedTarball();
  app = createApp(
    work,
    'consumer',
    {},
    {
      'esm.mjs': ESM,
      'cjs.cjs': CJS,
      'src/index.mts': MTS,
      'src/legacy.cts': CTS,
      'tsconfig.json': `${JSON.stringify(TSCONFIG, null, 2)}\n`,
    },
  );
  const install = npmInstall(app, [
    tarball,
    `typescript@${devVersion('typescript')}`,
    `@types/node@${devVersion('@types/node')}`,
  ]);
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stdout}\n${install.stderr}`);
}, 600_000);

function runIn(file: string) {
  const run = spawnSync(process.execPath, [file], { cwd: app, encoding: 'utf8', env: userEnv(), timeout: 60_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

describe('a project that installed the tarball', () => {
  it('installed the prebuild without compiling anything', () => {
    const pkg = path.join(app, 'node_modules', 'psnode');
    expect(existsSync(path.join(pkg, 'build'))).toBe(false);
    expect(existsSync(path.join(pkg, '.native-build-error.log'))).toBe(false);
  });

  it('imports it as an ES module', () => {
    const out = runIn('esm.mjs');
    expect(out.info).toEqual({ name: 'native' });
    expect(out.total).toBeGreaterThan(0);
    expect(out.cpus).toBeGreaterThan(0);
    expect(out.sameInstance).toBe(true);
  });

  it('requires it from CommonJS, and from a worker thread of its own', () => {
    const out = runIn('cjs.cjs');
    expect(out.info).toEqual({ name: 'native' });
    expect(out.total).toBeGreaterThan(0);
    expect(out.pids).toBeGreaterThan(0);
    expect(out.inWorker.info).toEqual({ name: 'native' });
    expect(out.inWorker.total).toBeGreaterThanOrEqual(0);
    expect(out.typed).toBe(true);
  });

  it('type-checks a TypeScript project (ESM and CommonJS files) with tsc --noEmit', () => {
    const tsc = spawnSync(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], {
      cwd: app,
      encoding: 'utf8',
      env: userEnv(),
      timeout: 120_000,
    });
    expect(tsc.status, `${tsc.stdout}${tsc.stderr}`).toBe(0);
  }, 150_000);

  it('sees result fields documented with their units, from the shipped declarations', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(app, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('no tsconfig');
    const program = ts.createProgram(config.fileNames, config.options);
    const checker = program.getTypeChecker();
    const entry = program.getSourceFile(path.join(app, 'src', 'index.mts'));
    const specifier = entry?.statements.find(ts.isImportDeclaration)?.moduleSpecifier;
    const moduleSymbol = specifier && checker.getSymbolAtLocation(specifier);
    if (!moduleSymbol) throw new Error("'psnode' did not resolve");
    const declarationFile = moduleSymbol.valueDeclaration?.getSourceFile().fileName ?? '';
    expect(declarationFile).toContain(path.join('node_modules', 'psnode', 'dist'));

    const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
    const unit = /\b(bytes|seconds|MHz|percent|number of|pid)\b/i;
    for (const typeName of ['VirtualMemory', 'SwapMemory', 'CpuTimes', 'CpuStats', 'CpuFreq', 'User']) {
      const symbol = exported.get(typeName);
      expect(symbol, `psnode exports the type ${typeName}`).toBeDefined();
      if (!symbol) continue;
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const properties = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(target));
      expect(properties.length).toBeGreaterThan(2);
      for (const property of properties) {
        const doc = ts.displayPartsToString(property.getDocumentationComment(checker));
        expect(doc, `${typeName}.${property.name} has TSDoc`).not.toBe('');
        const type = checker.getTypeOfSymbol(property);
        const numeric = checker.typeToString(type).split(' | ').includes('number');
        if (numeric) expect(doc, `${typeName}.${property.name} states its unit`).toMatch(unit);
      }
    }
  });
});
