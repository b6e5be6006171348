/** Parsers of the process reads: real captures from proc-pid/ (see the fixtures README) and malformed input. */
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/api/errors';
import {
  errnoOfMessage,
  type FileLines,
  findMessage,
  findQuote,
  parseFindEntries,
  parseGrepLines,
  parseGrepRecords,
} from '../../src/backends/exec/linux/parsers/batch-output';
import {
  parseSmaps,
  parseSmapsRollup,
  parseSmapsTotals,
  parseStatm,
} from '../../src/backends/exec/linux/parsers/proc-pid-memory';
import {
  PROC_STATUSES,
  parseProcPidStat,
  STAT_FIELD,
  statInteger,
  statIsZombie,
  statStatus,
} from '../../src/backends/exec/linux/parsers/proc-pid-stat';
import {
  parseCpuList,
  parseProcPidStatus,
  statusCpuAffinity,
  statusCtxSwitches,
  statusIds,
  statusTgid,
} from '../../src/backends/exec/linux/parsers/proc-pid-status';
import {
  cmdlineFromRecords,
  cmdlineNeedsRecords,
  fileModeOfFlags,
  joinLines,
  parseCmdline,
  parseEnviron,
  parseFdinfo,
  parseProcPidIo,
} from '../../src/backends/exec/linux/parsers/proc-pid-text';
import {
  parseGetentPasswd,
  parseIoniceLine,
  parseIoniceLines,
  parsePrlimit,
  parseTerminalMap,
  prlimitValue,
  toolErrno,
} from '../../src/backends/exec/linux/parsers/process-tools';
import { expectParseError } from './expect-parse-error';
import { linuxFixture } from './fixtures';

const M = 'vm-debian12-2cpu';
const fixture = (name: string) => linuxFixture(`proc-pid/${name}-${M}.txt`);
const stderrOf = (name: string) => linuxFixture(`proc-pid/${name}-${M}.stderr.txt`);
const PIDS = JSON.parse(linuxFixture(`proc-pid/pids-${M}.json`)) as Record<
  'sleeper' | 'odd' | 'zombie' | 'zombieParent' | 'long' | 'tty' | 'kthread' | 'gone',
  number
> & { dir: string };
const { sleeper, odd, zombie, zombieParent, long, tty, kthread, gone, dir } = PIDS;
const p = (pid: number, file: string) => `/proc/${pid}/${file}`;

const ALL = ['stat', 'status', 'statm', 'smaps_rollup', 'io', 'cmdline', 'environ'];
const GREP_FILES = [
  ...ALL.map((f) => p(sleeper, f)),
  p(odd, 'stat'),
  p(odd, 'cmdline'),
  ...ALL.map((f) => p(zombie, f)),
  ...['stat', 'cmdline', 'environ', 'smaps_rollup', 'statm'].map((f) => p(kthread, f)),
  p(tty, 'stat'),
  p(long, 'stat'),
  p(long, 'cmdline'),
  p(gone, 'stat'),
  '/proc/stat',
  '/sys/devices/system/cpu/online',
];
const grep = parseGrepLines(fixture('grep'), stderrOf('grep'), GREP_FILES);

function lines(map: Map<string, FileLines>, file: string): string[] {
  const read = map.get(file);
  if (!read?.ok) throw new Error(`${file} did not read: ${JSON.stringify(read)}`);
  return read.lines;
}

describe('parseGrepLines (grep -a -H)', () => {
  it('attributes every line of the real capture to its file', () => {
    expect(grep.size).toBe(GREP_FILES.length);
    expect(lines(grep, p(sleeper, 'cmdline'))).toEqual(['sleep\u0000300\u0000']);
    expect(lines(grep, p(sleeper, 'statm'))).toHaveLength(1);
    expect(lines(grep, p(sleeper, 'status')).length).toBeGreaterThan(40);
    expect(lines(grep, '/proc/stat').some((line) => line.startsWith('btime '))).toBe(true);
    expect(lines(grep, '/sys/devices/system/cpu/online')).toEqual(['0-1']);
  });

  it('empty files are empty, not missing: kernel thread and zombie cmdlines', () => {
    expect(grep.get(p(kthread, 'cmdline'))).toEqual({ ok: true, lines: [] });
    expect(grep.get(p(zombie, 'cmdline'))).toEqual({ ok: true, lines: [] });
  });

  it('failures become per-file errors: ESRCH (read), ENOENT (open)', () => {
    expect(grep.get(p(kthread, 'environ'))).toEqual({
      ok: false,
      error: { code: 'ESRCH', errno: 3, syscall: 'read', path: p(kthread, 'environ') },
    });
    expect(grep.get(p(zombie, 'smaps_rollup'))).toMatchObject({ ok: false, error: { code: 'ESRCH' } });
    expect(grep.get(p(gone, 'stat'))).toEqual({
      ok: false,
      error: { code: 'ENOENT', errno: 2, syscall: 'open', path: p(gone, 'stat') },
    });
  });

  it('EACCES when read as another user', () => {
    const files = ['environ', 'io', 'smaps_rollup', 'status', 'stat'].map((f) => p(sleeper, f));
    const read = parseGrepLines(fixture('grep-nobody'), stderrOf('grep-nobody'), files);
    for (const file of files.slice(0, 3))
      expect(read.get(file)).toMatchObject({ ok: false, error: { code: 'EACCES' } });
    expect(read.get(p(sleeper, 'status'))?.ok).toBe(true);
  });

  it('content cannot pass for another file: a line is split at the first colon after a requested name', () => {
    const files = ['/proc/7/cmdline', '/proc/7/status', '/proc/stat'];
    const stdout = [
      '/proc/7/cmdline:evil',
      '/proc/7/cmdline:/proc/7/status:Uid:\t4242\t4242\t4242\t4242',
      '/proc/7/cmdline:/proc/stat:btime 1\u0000',
      '/proc/7/status:Uid:\t0\t0\t0\t0',
      '/proc/stat:btime 1795657474',
      '',
    ].join('\n');
    const read = parseGrepLines(stdout, '', files);
    expect(joinLines(lines(read, '/proc/7/cmdline'))).toBe(
      'evil\n/proc/7/status:Uid:\t4242\t4242\t4242\t4242\n/proc/stat:btime 1\u0000',
    );
    expect(lines(read, '/proc/7/status')).toEqual(['Uid:\t0\t0\t0\t0']);
    expect(lines(read, '/proc/stat')).toEqual(['btime 1795657474']);
  });

  it('a failure half-way through a file drops the lines read before it', () => {
    const read = parseGrepLines('/proc/7/smaps:a\n', 'grep: /proc/7/smaps: No such process\n', ['/proc/7/smaps']);
    expect(read.get('/proc/7/smaps')).toMatchObject({ ok: false, error: { code: 'ESRCH' } });
  });

  it('ignores grep warnings, reports unknown messages as EUNKNOWN', () => {
    const stderr = "grep: warning: GREP_COLOR='1' is deprecated\ngrep: /proc/7/io: Exec format error\n";
    const read = parseGrepLines('', stderr, ['/proc/7/io']);
    expect(read.get('/proc/7/io')).toMatchObject({ ok: false, error: { code: 'EUNKNOWN', errno: 0 } });
  });

  it.each([
    ['a line of a file not asked for', '/proc/8/stat:1 (x) S\n', ''],
    ['a line without a file name', 'no colon here\n', ''],
    ['output cut in mid-line', '/proc/7/stat:1 (x) S', ''],
    ['a message grep would not print', '', 'grep: memory exhausted\n'],
    ['a message about another file', '', 'grep: /proc/8/stat: No such file or directory\n'],
  ])('%s → ParseError', (_name, stdout, stderr) => {
    expectParseError(() => parseGrepLines(stdout, stderr, ['/proc/7/stat']));
  });

  it('refuses file names it could not attribute', () => {
    expectParseError(() => parseGrepLines('', '', ['/tmp/a:b']));
  });
});

describe('parseGrepRecords (grep -a -H -z) and the cmdline framing', () => {
  const records = parseGrepRecords(fixture('grep-z'), stderrOf('grep-z'), [p(long, 'cmdline'), p(sleeper, 'cmdline')]);

  it('keeps the final newline the line framing loses', () => {
    const title = `${'y'.repeat(4095)}\n`;
    const framed = joinLines(lines(grep, p(long, 'cmdline')));
    expect(framed).toBe('y'.repeat(4095));
    expect(cmdlineNeedsRecords(framed)).toBe(true);
    expect(cmdlineFromRecords(lines(records, p(long, 'cmdline')))).toBe(title);
    expect(parseCmdline(title)).toEqual([title]);
  });

  it('rebuilds NUL-terminated content from several records', () => {
    expect(lines(records, p(sleeper, 'cmdline'))).toEqual(['sleep', '300']);
    expect(cmdlineFromRecords(['sleep', '300'])).toBe('sleep\u0000300\u0000');
    expect(cmdlineFromRecords([])).toBe('');
    expect(cmdlineNeedsRecords('sleep\u0000300\u0000')).toBe(false);
    expect(cmdlineNeedsRecords('')).toBe(false);
  });

  it('output cut in mid-record → ParseError', () => {
    expectParseError(() => parseGrepRecords('/proc/7/cmdline:a', '', ['/proc/7/cmdline']));
  });
});

describe('parseProcPidStat', () => {
  const stat = (pid: number) => parseProcPidStat(joinLines(lines(grep, p(pid, 'stat'))), p(pid, 'stat'));

  it('reads the real lines: comm by the last parenthesis, fields after it', () => {
    expect(stat(sleeper).comm).toBe('sleep');
    expect(statInteger(stat(sleeper), STAT_FIELD.ppid, 'x')).toBeGreaterThan(1);
    expect(stat(odd).comm).toBe('a b) (c');
    expect(statStatus(stat(odd), 'x')).toBe('sleeping');
    expect(statInteger(stat(odd), STAT_FIELD.ppid, 'x')).toBe(statInteger(stat(sleeper), STAT_FIELD.ppid, 'x'));
    expect(statIsZombie(stat(zombie))).toBe(true);
    expect(statStatus(stat(zombie), 'x')).toBe('zombie');
    expect(statInteger(stat(zombie), STAT_FIELD.ppid, 'x')).toBe(zombieParent);
    expect(stat(kthread).comm).toBe('kthreadd');
    expect(statInteger(stat(kthread), STAT_FIELD.ppid, 'x')).toBe(0);
    expect(statInteger(stat(tty), STAT_FIELD.ttyNr, 'x')).toBe(34816);
    expect(stat(long).comm).toBe('y'.repeat(15));
    expect(stat(sleeper).fields.length).toBeGreaterThan(STAT_FIELD.delayacctBlkioTicks);
  });

  it('a comm with a newline and parentheses', () => {
    const parsed = parseProcPidStat('42 (a\n) b)) R 1 2 3 0 -1', 'x');
    expect(parsed.comm).toBe('a\n) b)');
    expect(statStatus(parsed, 'x')).toBe('running');
    expect(statInteger(parsed, STAT_FIELD.ttyNr, 'x')).toBe(0);
  });

  it('maps every state letter psutil knows', () => {
    for (const [letter, status] of Object.entries(PROC_STATUSES)) {
      expect(statStatus(parseProcPidStat(`1 (x) ${letter} 0`, 'x'), 'x')).toBe(status);
    }
    expect(Object.keys(PROC_STATUSES).sort()).toEqual(['D', 'I', 'K', 'P', 'R', 'S', 'T', 'W', 'X', 'Z', 't', 'x']);
  });

  it.each([
    ['no parentheses', '1 x S 0'],
    ['nothing after the comm', '1 (x)'],
    ['empty', ''],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseProcPidStat(text, 'x'));
  });

  it('unknown state, missing or malformed fields → ParseError', () => {
    expectParseError(() => statStatus(parseProcPidStat('1 (x) Q 0', 'x'), 'x'));
    expectParseError(() => statInteger(parseProcPidStat('1 (x) S 0', 'x'), STAT_FIELD.starttime, 'x'));
    expectParseError(() => statInteger(parseProcPidStat('1 (x) S 1x', 'x'), STAT_FIELD.ppid, 'x'));
  });
});

describe('parseProcPidStatus', () => {
  const status = parseProcPidStatus(lines(grep, p(sleeper, 'status')));

  it('reads ids, ctx switches, tgid and affinity of the real capture', () => {
    expect(statusTgid(status, 'x')).toBe(sleeper);
    expect(statusIds(status, 'Uid', 'x')).toEqual({ real: 0, effective: 0, saved: 0 });
    expect(statusIds(status, 'Gid', 'x')).toEqual({ real: 0, effective: 0, saved: 0 });
    const ctx = statusCtxSwitches(status, 'x');
    expect(ctx.voluntary).toBeGreaterThanOrEqual(1);
    expect(ctx.involuntary).toBeGreaterThanOrEqual(0);
    expect(statusCpuAffinity(status, [0, 1], 'x')).toEqual([0, 1]);
    expect(statusCpuAffinity(status, [1], 'x')).toEqual([1]);
  });

  it('distinct real, effective and saved ids', () => {
    const s = parseProcPidStatus(['Uid:\t1000\t0\t33\t0', 'Gid:\t5\t6\t7\t8']);
    expect(statusIds(s, 'Uid', 'x')).toEqual({ real: 1000, effective: 0, saved: 33 });
    expect(statusIds(s, 'Gid', 'x')).toEqual({ real: 5, effective: 6, saved: 7 });
  });

  it('missing or malformed lines → ParseError', () => {
    expectParseError(() => statusIds(parseProcPidStatus(['Name:\tx']), 'Uid', 'x'));
    expectParseError(() => statusIds(parseProcPidStatus(['Uid:\t1\t2']), 'Uid', 'x'));
    expectParseError(() => statusCtxSwitches(parseProcPidStatus(['voluntary_ctxt_switches:\t1']), 'x'));
    expectParseError(() => statusTgid(parseProcPidStatus(['Tgid:\t-1']), 'x'));
  });

  it('parseCpuList', () => {
    expect(parseCpuList('0-1', 'x')).toEqual([0, 1]);
    expect(parseCpuList('0,2-4,7\n', 'x')).toEqual([0, 2, 3, 4, 7]);
    expect(parseCpuList('', 'x')).toEqual([]);
    for (const bad of ['3-1', 'a', '1-2-3', '1,,2']) expectParseError(() => parseCpuList(bad, 'x'));
  });
});

describe('memory files', () => {
  it('parseStatm: pages × page size, psutil order', () => {
    expect(parseStatm(lines(grep, p(sleeper, 'statm')), 4096, 'x')).toEqual({
      vms: 625 * 4096,
      rss: 358 * 4096,
      shared: 334 * 4096,
      text: 5 * 4096,
      lib: 0,
      data: 89 * 4096,
      dirty: 0,
    });
    expect(parseStatm(lines(grep, p(kthread, 'statm')), 4096, 'x').rss).toBe(0);
    expectParseError(() => parseStatm(['1 2 3'], 4096, 'x'));
    expectParseError(() => parseStatm([], 4096, 'x'));
  });

  it('parseSmapsRollup: Private_* sum, Pss, Swap', () => {
    expect(parseSmapsRollup(lines(grep, p(sleeper, 'smaps_rollup')), 'x')).toEqual({
      uss: 96 * 1024,
      pss: 156 * 1024,
      swap: 0,
    });
    expect(parseSmapsRollup([], 'x')).toEqual({ uss: 0, pss: 0, swap: 0 });
    expect(
      parseSmapsRollup(['Private_Clean: 1 kB', 'Private_Dirty: 2 kB', 'Private_Hugetlb: 4 kB', 'SwapPss: 9 kB'], 'x'),
    ).toEqual({ uss: 7 * 1024, pss: 0, swap: 0 });
    expectParseError(() => parseSmapsRollup(['Pss: lots'], 'x'));
  });

  const smaps = lines(parseGrepLines(fixture('smaps'), stderrOf('smaps'), [p(sleeper, 'smaps')]), p(sleeper, 'smaps'));

  it('parseSmaps: every mapping in address order, [anon] for no path', () => {
    const maps = parseSmaps(smaps, 'x');
    expect(maps).toHaveLength(24);
    expect(maps[0]).toMatchObject({ path: '/usr/bin/sleep', perms: 'r--p' });
    expect(maps[0]?.addr).toMatch(/^[0-9a-f]+-[0-9a-f]+$/);
    expect(maps.map((m) => m.path)).toEqual(expect.arrayContaining(['[heap]', '[stack]', '[vvar]', '[anon]']));
    const heap = maps.find((m) => m.path === '[heap]');
    expect(heap?.size).toBe(132 * 1024);
    expect(Object.keys(maps[0] ?? {})).toEqual([
      'path',
      'rss',
      'size',
      'pss',
      'sharedClean',
      'sharedDirty',
      'privateClean',
      'privateDirty',
      'referenced',
      'anonymous',
      'swap',
      'addr',
      'perms',
    ]);
    // The sums of the mappings are smaps_rollup's figures, give or take rounding of Pss.
    const totals = parseSmapsTotals(smaps, 'x');
    expect(totals.uss).toBe(96 * 1024);
    expect(Math.abs(totals.pss - 156 * 1024)).toBeLessThanOrEqual(24 * 1024);
  });

  it('parseSmaps: paths with spaces, trimmed; missing keys are 0; VmFlags skipped', () => {
    const maps = parseSmaps(
      [
        '7f00-7f01 rw-s 00000000 00:01 42     /dev/shm/a  b (deleted)  ',
        'Size:                  4 kB',
        'VmFlags: rd wr sh mr mw me ms sd',
        '7f02-7f03 r--p 00000000 00:00 0',
      ],
      'x',
    );
    expect(maps.map((m) => [m.path, m.size, m.rss])).toEqual([
      ['/dev/shm/a  b (deleted)', 4096, 0],
      ['[anon]', 0, 0],
    ]);
  });

  it.each([
    ['a value line before any header', ['Size: 4 kB']],
    ['a short header', ['7f00-7f01 rw-p 0']],
    ['a value that is not a number', ['7f00-7f01 r--p 0 0:0 0', 'Size: four kB']],
    ['a blank line', ['7f00-7f01 r--p 0 0:0 0', '']],
  ])('parseSmaps: %s → ParseError', (_name, input) => {
    expectParseError(() => parseSmaps(input, 'x'));
  });
});

describe('cmdline, environ, io, fdinfo', () => {
  it.each([
    ['NUL-separated', 'sleep\u0000300\u0000', ['sleep', '300']],
    ['empty (zombie, kernel thread)', '', []],
    ['rewritten with spaces, no NUL', 'nginx: worker process', ['nginx:', 'worker', 'process']],
    ['rewritten with a trailing space', 'a b ', ['a', 'b']],
    ['one NUL-terminated argument holding spaces (#1179)', 'chrome --type=x\u0000', ['chrome', '--type=x']],
    ['padded with NULs (libuv titles)', 'node\u0000\u0000\u0000', ['node', '', '']],
    ['an argument with a newline', 'a\nb\u0000c\u0000', ['a\nb', 'c']],
    ['an empty argument', 'a\u0000\u0000b\u0000', ['a', '', 'b']],
  ])('parseCmdline: %s', (_name, content, expected) => {
    expect(parseCmdline(content)).toEqual(expected);
  });

  it('parseEnviron: the real capture', () => {
    expect(parseEnviron(joinLines(lines(grep, p(sleeper, 'environ'))))).toEqual({
      OLDPWD: '/',
      PATH: '/usr/bin:/bin',
      PSNODE_MARK: 'hello world',
      PWD: dir,
    });
  });

  it.each([
    ['an unterminated tail is ignored', 'A=1\u0000B=2', { A: '1' }],
    ['stops at an empty entry', 'A=1\u0000\u0000B=2\u0000', { A: '1' }],
    ['entries without = or with an empty key are skipped', 'NOEQ\u0000=x\u0000C=\u0000', { C: '' }],
    ['a value with = and a newline', 'A=b=c\nd\u0000', { A: 'b=c\nd' }],
    ['the later of two keys wins', 'A=1\u0000A=2\u0000', { A: '2' }],
    ['a __proto__ key is a plain key', '__proto__=x\u0000', { ['__proto__']: 'x' }],
  ])('parseEnviron: %s', (_name, content, expected) => {
    const env = parseEnviron(content);
    expect(Object.entries(env)).toEqual(Object.entries(expected));
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
  });

  it('parseProcPidIo: the real capture; lines that do not split in two are skipped', () => {
    const io = parseProcPidIo(lines(grep, p(sleeper, 'io')), 'x');
    expect(Object.keys(io)).toEqual(['readCount', 'writeCount', 'readBytes', 'writeBytes', 'readChars', 'writeChars']);
    expect(io.readChars).toBeGreaterThan(0);
    const odd = ['rchar: 1', 'wchar: 2', 'syscr: 3', 'syscw: 4', 'read_bytes: 5', 'write_bytes: 6', 'junk', 'a: b: c'];
    expect(parseProcPidIo(odd, 'x')).toEqual({
      readCount: 3,
      writeCount: 4,
      readBytes: 5,
      writeBytes: 6,
      readChars: 1,
      writeChars: 2,
    });
    expectParseError(() => parseProcPidIo([], 'x'));
    expectParseError(() => parseProcPidIo(['rchar: 1'], 'x'));
    expectParseError(() => parseProcPidIo([...odd.slice(1), 'rchar: x'], 'x'));
  });

  it('parseFdinfo + fileModeOfFlags: r, a, r+, w of the real capture', () => {
    const files = [3, 4, 5, 6, 7].map((fd) => p(sleeper, `fdinfo/${fd}`));
    const extra = parseGrepLines(fixture('grep-extra'), stderrOf('grep-extra'), [
      ...files,
      p(sleeper, `task/${sleeper}/stat`),
      p(kthread, 'smaps'),
      p(sleeper, 'fdinfo/99'),
    ]);
    const modes = files.map((file) => {
      const { position, flags } = parseFdinfo(lines(extra, file), file);
      expect(position).toBe(0);
      return fileModeOfFlags(flags);
    });
    expect(modes).toEqual(['r', 'a', 'r+', 'w', 'r']);
    expect(extra.get(p(kthread, 'smaps'))).toEqual({ ok: true, lines: [] });
    expect(extra.get(p(sleeper, 'fdinfo/99'))).toMatchObject({ ok: false, error: { code: 'ENOENT' } });
    expect(fileModeOfFlags(0o2002)).toBe('a+');
    expect(fileModeOfFlags(3)).toBeNull();
    expectParseError(() => parseFdinfo(['pos:\t0'], 'x'));
    expectParseError(() => parseFdinfo(['pos:\t0', 'flags:\t089'], 'x'));
    expectParseError(() => parseFdinfo(['flags:\t0', 'pos:\t0'], 'x'));
  });
});

describe('parseFindEntries (find -printf %p\\0%l\\0%Y\\0)', () => {
  const accept = () => true;

  it('links, types and messages of the real capture', () => {
    const found = parseFindEntries(fixture('find-links'), stderrOf('find-links'), accept);
    expect(found.entries.get(p(sleeper, 'exe'))).toEqual({ link: '/usr/bin/sleep', type: 'f' });
    expect(found.entries.get(p(sleeper, 'cwd'))).toEqual({ link: dir, type: 'd' });
    expect(found.entries.get(p(sleeper, 'fd/7'))?.link).toBe(`${dir}/gone.txt (deleted)`);
    expect(found.entries.get(p(sleeper, 'fd/0'))).toEqual({ link: '/dev/null', type: 'c' });
    expect(found.order.filter((path) => path.startsWith(`${p(sleeper, 'task')}/`))).toEqual([
      p(sleeper, `task/${sleeper}`),
    ]);
    expect(found.entries.get(p(zombie, 'exe'))).toEqual({ link: '', type: 'N' });
    expect(findMessage(found, p(zombie, 'exe'))).toBe('No such file or directory');
    expect(findMessage(found, p(kthread, 'exe'))).toBe('No such file or directory');
    expect(found.entries.get(p(kthread, 'cwd'))?.link).toBe('/');
    expect(found.entries.has(p(gone, 'exe'))).toBe(false);
    expect(findMessage(found, p(gone, 'fd'))).toBe('No such file or directory');
  });

  it('EACCES for readlink and opendir as another user', () => {
    const found = parseFindEntries(fixture('find-links-nobody'), stderrOf('find-links-nobody'), accept);
    expect(found.entries.get(p(sleeper, 'exe'))?.link).toBe('');
    expect(errnoOfMessage(findMessage(found, p(sleeper, 'exe')) ?? '').code).toBe('EACCES');
    expect(found.entries.has(p(sleeper, 'fd'))).toBe(true);
    expect(errnoOfMessage(findMessage(found, p(sleeper, 'fd')) ?? '').code).toBe('EACCES');
  });

  it('path checks: types, missing paths, EACCES', () => {
    const found = parseFindEntries(fixture('find-paths-nobody'), stderrOf('find-paths-nobody'), accept);
    expect(found.entries.get(`${dir}/r.txt`)?.type).toBe('f');
    expect(found.entries.get(dir)?.type).toBe('d');
    expect(found.entries.get('/dev/null')?.type).toBe('c');
    expect(found.entries.has(`${dir}/missing`)).toBe(false);
    expect(findMessage(found, `${dir}/gone.txt (deleted)`)).toBe('No such file or directory');
    expect(findMessage(found, `${dir}/locked/secret`)).toBe('Permission denied');
  });

  it("findQuote quotes as find's messages do", () => {
    const messages = stderrOf('find-quoting');
    for (const name of ["it's", 'new\nline', 'back\\slash', 'tab\té']) {
      expect(messages).toContain(`find: ${findQuote(`${dir}/${name}`)}: No such file or directory\n`);
    }
  });

  it.each([
    ['a record of two fields', 'a\u0000b\u0000', ''],
    ['output cut in mid-record', 'a\u0000b\u0000f', ''],
    ['an unknown type letter', 'a\u0000\u0000Q\u0000', ''],
    ['an unexpected message', '', 'find: fts_read failed\n'],
  ])('%s → ParseError', (_name, stdout, stderr) => {
    expectParseError(() => parseFindEntries(stdout, stderr, accept));
  });

  it('a path the caller did not ask for → ParseError', () => {
    expectParseError(() => parseFindEntries('/x\u0000\u0000f\u0000', '', (path) => path === '/y'));
  });
});

describe('tools', () => {
  it('parseIoniceLines: one line per pid; idle carries no value', () => {
    expect(parseIoniceLines(fixture('ionice'), 'x')).toEqual(Array(4).fill({ ioclass: 0, value: 0 }));
    expect(parseIoniceLine('best-effort: prio 6', 'x')).toEqual({ ioclass: 2, value: 6 });
    expect(parseIoniceLine('realtime: prio 1', 'x')).toEqual({ ioclass: 1, value: 1 });
    expect(parseIoniceLine('idle', 'x')).toEqual({ ioclass: 3, value: 0 });
    expect(parseIoniceLines('', 'x')).toEqual([]);
    for (const bad of ['unknown: prio 2', 'best-effort', 'best-effort: prio x', 'none prio 0']) {
      expectParseError(() => parseIoniceLine(bad, 'x'));
    }
  });

  it('ionice stops at the first pid it cannot read', () => {
    expect(parseIoniceLines(fixture('ionice-gone'), 'x')).toHaveLength(1);
    expect(toolErrno(stderrOf('ionice-gone'))).toEqual({ code: 'ESRCH', errno: 3 });
  });

  it('parsePrlimit', () => {
    expect(parsePrlimit(fixture('prlimit-nofile'), 'x')).toEqual([20000, 20000]);
    expect(parsePrlimit(fixture('prlimit-core'), 'x')).toEqual([0, -1]);
    expect(prlimitValue(-1)).toBe('unlimited');
    expect(prlimitValue(1024)).toBe('1024');
    for (const bad of ['', '1\n', '1 2 3\n', 'many 2\n', '1 2\n3 4\n']) expectParseError(() => parsePrlimit(bad, 'x'));
  });

  it('parseGetentPasswd: found uids only', () => {
    expect(parseGetentPasswd(fixture('getent'), 'x')).toEqual(
      new Map([
        [0, 'root'],
        [65534, 'nobody'],
      ]),
    );
    expect(parseGetentPasswd('', 'x').size).toBe(0);
    expect(parseGetentPasswd('a:x:7:7:::\nb:x:7:7:::\n', 'x')).toEqual(new Map([[7, 'a']]));
    expectParseError(() => parseGetentPasswd('root:x:0\n', 'x'));
    expectParseError(() => parseGetentPasswd('root:x:zero:0:::\n', 'x'));
  });

  it('parseTerminalMap: rdev encoded as tty_nr', () => {
    const map = parseTerminalMap(fixture('tty-map'), 'x');
    expect(map.get(34816)).toBe('/dev/pts/0');
    expect(map.get(5 * 256)).toBe('/dev/tty');
    expect(map.get(4 * 256 + 1)).toBe('/dev/tty1');
    expect(map.get(4 * 256 + 64)).toBe('/dev/ttyS0');
    // minor 256 of major 136: the kernel's new_encode_dev puts minor bits 8+ at bit 20.
    expect(parseTerminalMap('88 100 /dev/pts/256\u0000', 'x').get(0x100000 + 136 * 256)).toBe('/dev/pts/256');
    expect(parseTerminalMap('', 'x').size).toBe(0);
    expectParseError(() => parseTerminalMap('88 0 /dev/pts/0', 'x'));
    expectParseError(() => parseTerminalMap('zz 0 /dev/pts/0\u0000', 'x'));
  });

  it('toolErrno: the errno ending a failure message', () => {
    for (const name of ['renice-gone', 'taskset-gone', 'prlimit-gone']) {
      expect(toolErrno(stderrOf(name))).toEqual({ code: 'ESRCH', errno: 3 });
    }
    expect(toolErrno("taskset: failed to set pid 1's affinity: Invalid argument\n")).toEqual({
      code: 'EINVAL',
      errno: 22,
    });
    expect(toolErrno('prlimit: the soft limit NOFILE cannot exceed the hard limit\n')).toBeNull();
    expect(errnoOfMessage('Operation not permitted')).toEqual({ code: 'EPERM', errno: 1 });
  });
});

it('every parse failure is a ParseError naming its source', () => {
  const error = expectParseError(() => parseProcPidStat('', '/proc/1/stat'));
  expect(error).toBeInstanceOf(ParseError);
  expect(error.source).toBe('/proc/1/stat');
});
