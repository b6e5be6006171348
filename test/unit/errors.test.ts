import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AccessDenied,
  BackendUnavailable,
  CommandFailed,
  ErrorCode,
  fromErrorData,
  NoSuchProcess,
  NotSupported,
  OsError,
  ParseError,
  PsnodeError,
  TimeoutExpired,
  toErrorData,
  ZombieProcess,
} from '../../src/api/errors';

/** Sends a value through a real MessagePort: the structured clone workers use. */
function throughPort<T>(value: T): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (message: T) => {
      port1.close();
      resolve(message);
    });
    port1.postMessage(value);
  });
}

const samples: PsnodeError[] = [
  new NoSuchProcess(42, 'x'),
  new NoSuchProcess(7),
  new ZombieProcess(43, 'zed', 1),
  new AccessDenied(1, 'systemd'),
  new AccessDenied(),
  new TimeoutExpired(1.5, 9, 'sleep'),
  new AbortError(),
  new OsError('EIO', 5, 'read', '/proc/stat'),
  new ParseError('cat /proc/meminfo', 'no MemTotal line'),
  new CommandFailed('ps -e', 1, null, 'boom\nmore'),
  new BackendUnavailable('native', 'no addon'),
  new NotSupported('memoryMaps', 'not on macOS'),
];

describe('errors', () => {
  it('derive messages from their fields, like psutil', () => {
    expect(new NoSuchProcess(42, 'x').message).toBe("process no longer exists (pid=42, name='x')");
    expect(new ZombieProcess(43, 'zed', 1).message).toBe(
      "process still exists but it is a zombie (pid=43, name='zed', ppid=1)",
    );
    expect(new AccessDenied(1).message).toBe('access denied (pid=1)');
    expect(new TimeoutExpired(2, 5).message).toBe('timeout after 2 seconds (pid=5)');
  });

  it('carry stable codes and class names', () => {
    expect(new NoSuchProcess(1).code).toBe(ErrorCode.NoSuchProcess);
    expect(new ZombieProcess(1).code).toBe('PSNODE_ZOMBIE_PROCESS');
    expect(new ZombieProcess(1)).toBeInstanceOf(NoSuchProcess);
    expect(new ZombieProcess(1).name).toBe('ZombieProcess');
    expect(new AbortError().name).toBe('AbortError');
    expect(new AbortError().code).toBe('ABORT_ERR');
    expect(new AccessDenied()).toBeInstanceOf(PsnodeError);
    expect(new AccessDenied()).toBeInstanceOf(Error);
  });

  it('lose class and fields through a raw MessagePort (why the plain-data protocol exists)', async () => {
    const received = await throughPort(new NoSuchProcess(42, 'x'));
    expect(received).not.toBeInstanceOf(NoSuchProcess);
    expect((received as Partial<NoSuchProcess>).pid).toBeUndefined();
  });

  it.each(samples.map((error) => [error.name, error] as const))(
    '%s survives the trip as plain data, rebuilt with instanceof and every field',
    async (_name, error) => {
      const rebuilt = fromErrorData(await throughPort(toErrorData(error)));
      expect(rebuilt).toBeInstanceOf(error.constructor);
      expect(rebuilt).toBeInstanceOf(PsnodeError);
      expect(rebuilt.name).toBe(error.name);
      expect(rebuilt.message).toBe(error.message);
      expect(rebuilt.stack).toBe(error.stack);
      for (const [key, value] of Object.entries(error)) {
        expect((rebuilt as unknown as Record<string, unknown>)[key]).toEqual(value);
      }
    },
  );

  it('turns foreign errors and thrown non-errors into plain Errors', async () => {
    const rebuilt = fromErrorData(await throughPort(toErrorData(new RangeError('bad'))));
    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt.message).toBe('bad');
    expect(fromErrorData(toErrorData('a string')).message).toBe('a string');
  });
});
