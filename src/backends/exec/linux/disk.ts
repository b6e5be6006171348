/**
 * The disk methods of the Linux exec backend. Commands (P = procfs root,
 * S = sysfs root, both from `configure()`):
 *
 * - diskPartitions: `cat P/self/mounts P/filesystems`; only when a mount's
 *   device is `/dev/root` or `rootfs`, also `cat P/self/mountinfo P/partitions`.
 * - diskUsage: `df -B1 -P -- PATH`.
 * - diskIoCounters: one `find P/diskstats S/block -maxdepth 1 …` that prints
 *   the names in S/block and runs `cat P/diskstats`.
 */
import { AccessDenied, CommandFailed, OsError } from '../../../api/errors';
import type { RawDiskIo, RawDiskPartitions, RawDiskUsage } from '../../disk-sensors-types';
import { type HostRoots, underRoot } from '../../roots';
import type { Backend } from '../../types';
import { type CommandRunner, formatCommand } from '../runner';
import { checkFindResult, globLiteral } from './find-args';
import { dfArgs, dfFailure, parseDf } from './parsers/disk-df';
import { BLOCK_LINE_PREFIX, parseDiskIoOutput } from './parsers/disk-diskstats';
import { isRootAlias, parseMountsAndFilesystems, parseRootDevice } from './parsers/disk-mounts';

type DiskMethods = Pick<Backend, 'diskPartitions' | 'diskUsage' | 'diskIoCounters'>;

/** The command lines, exported for tests and fixtures. */
export function diskCommands(roots: HostRoots) {
  const diskstats = underRoot(roots.procfs, 'diskstats');
  const block = underRoot(roots.sysfs, 'block');
  return {
    mounts: ['cat', [underRoot(roots.procfs, 'self/mounts'), underRoot(roots.procfs, 'filesystems')]],
    rootDevice: ['cat', [underRoot(roots.procfs, 'self/mountinfo'), underRoot(roots.procfs, 'partitions')]],
    diskIo: [
      'find',
      [
        diskstats,
        block,
        '-maxdepth',
        '1',
        '(',
        '-path',
        globLiteral(diskstats),
        '-exec',
        'cat',
        '{}',
        '+',
        ')',
        '-o',
        '(',
        '-path',
        `${globLiteral(block)}/*`,
        '-printf',
        `${BLOCK_LINE_PREFIX}%f\\n`,
        ')',
      ],
    ],
    diskstatsPath: diskstats,
  } as const;
}

export function createLinuxDiskMethods(run: CommandRunner, roots: HostRoots): DiskMethods {
  const commands = diskCommands(roots);
  const stdoutOf = async (command: readonly [string, readonly string[]]) => (await run(command[0], command[1])).stdout;

  return {
    async diskPartitions(): Promise<RawDiskPartitions> {
      const [file, args] = commands.mounts;
      const { mounts, filesystems } = parseMountsAndFilesystems(
        await stdoutOf(commands.mounts),
        formatCommand(file, args),
      );
      let rootDevice: string | null = null;
      if (mounts.some((m) => isRootAlias(m.device))) {
        // Best effort, as psutil's RootFsDeviceFinder: a missing file leaves the alias.
        const result = await run(...commands.rootDevice, { acceptExitCodes: [1] });
        rootDevice = parseRootDevice(result.stdout);
      }
      return { mounts, filesystems, rootDevice };
    },

    async diskUsage(path: string): Promise<RawDiskUsage> {
      const args = dfArgs(path);
      const result = await run('df', args, { acceptExitCodes: [1] });
      if (result.exitCode === 1) {
        const failure = dfFailure(result.stderr, path);
        if (failure === null) throw new CommandFailed(formatCommand('df', args), 1, null, result.stderr);
        // The native backend maps EACCES/EPERM the same way (src/backends/native/errors.ts).
        if (failure.errnoName === 'EACCES') throw new AccessDenied(null, null, `statvfs ${path}`);
        throw failure;
      }
      return parseDf(result.stdout, formatCommand('df', args));
    },

    async diskIoCounters(): Promise<RawDiskIo[]> {
      const [file, args] = commands.diskIo;
      const command = formatCommand(file, args);
      const result = await run(file, args, { acceptExitCodes: [1] });
      // A missing S/block means no whole disks (psutil's is_storage_device is
      // then false for all); a missing P/diskstats is an error, as natively.
      if (result.stderr.includes(`'${commands.diskstatsPath}': No such file or directory`)) {
        throw new OsError('ENOENT', 2, 'open', commands.diskstatsPath);
      }
      checkFindResult(command, result);
      return parseDiskIoOutput(result.stdout, command);
    },
  };
}
