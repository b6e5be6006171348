/**
 * The utmp records behind `test/fixtures/linux/who/*-sample-utmp*.txt`: the
 * fixtures are `who -u` run on a file {@link writeUtmp} wrote from these.
 * Covers a remote login, a local one, a record `who -u` must skip (boot,
 * dead process), a host with an X display, pid 0, a name that is not UTF-8
 * (bytes 0xff 0xfe) and an empty terminal.
 */
import { type UtmpRecord, UtmpType } from './utmp';

/** 2023-11-14T22:13:20Z and a few moments after it. */
export const SAMPLE_UTMP_RECORDS: readonly UtmpRecord[] = [
  { type: UtmpType.BootTime, pid: 0, line: '~', user: 'reboot', host: '6.18.44', seconds: 1_700_000_000 },
  { pid: 1234, line: 'pts/0', user: 'alice', host: '10.0.0.5', seconds: 1_700_000_100 },
  { pid: 4321, line: 'tty1', user: 'bob', seconds: 1_700_003_600 },
  { type: UtmpType.DeadProcess, pid: 999, line: 'pts/9', user: 'gone', seconds: 1_700_003_700 },
  { pid: 0, line: 'pts/7', user: 'nopid', host: 'workstation.example.com:0', seconds: 1_700_007_200 },
  { pid: 77, line: 'pts/3', user: Buffer.from([0x61, 0xff, 0xfe, 0x62]), seconds: 1_700_010_000 },
  { pid: 78, line: '', user: 'noline', seconds: 1_700_010_000 },
];
