import { describe, expect, it } from 'vitest';
import { AbortError, CommandFailed, TimeoutExpired } from '../../src/api/errors';
import { type CommandRunner, createExecFileRunner, DEFAULT_CONCURRENCY } from '../../src/backends/exec/runner';

/** Awaits `promise` expecting a rejection; returns the reason. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected the promise to reject');
}

/** Runs `count` copies of `sleep seconds` at once and returns the wall time, ms. */
async function timeParallelSleeps(run: CommandRunner, count: number, seconds: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, () => run('sleep', [String(seconds)])));
  return performance.now() - started;
}

describe.skipIf(process.platform === 'win32')('createExecFileRunner (real execFile)', () => {
  const run = createExecFileRunner();

  it('runs a tool and reports exit code 0 and its pid', async () => {
    const result = await run('true', []);
    expect(result).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    expect(result.pid).toEqual(expect.any(Number));
  });

  it('passes arguments without a shell', async () => {
    const result = await run('printf', ['%s|', 'a b', '$HOME', '*', ';true']);
    expect(result.stdout).toBe('a b|$HOME|*|;true|');
  });

  it('rejects a non-zero exit with CommandFailed carrying code and stderr', async () => {
    const error = await rejection(run('sh', ['-c', 'echo oops >&2; exit 3']));
    expect(error).toBeInstanceOf(CommandFailed);
    expect(error).toMatchObject({
      exitCode: 3,
      signal: null,
      stderr: 'oops\n',
      command: 'sh -c echo oops >&2; exit 3',
    });
  });

  it('rejects `false` and accepts its exit code 1 when asked', async () => {
    expect(await rejection(run('false', []))).toBeInstanceOf(CommandFailed);
    await expect(run('false', [], { acceptExitCodes: [1] })).resolves.toMatchObject({ exitCode: 1, stdout: '' });
    expect(await rejection(run('sh', ['-c', 'exit 2'], { acceptExitCodes: [1] }))).toMatchObject({ exitCode: 2 });
  });

  it('reports a child killed by a signal', async () => {
    const error = await rejection(run('sh', ['-c', 'kill -KILL $$']));
    expect(error).toBeInstanceOf(CommandFailed);
    expect(error).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
  });

  it('turns a missing tool into CommandFailed saying it is not installed', async () => {
    const error = await rejection(run('psnode-no-such-tool-xyz', ['--version']));
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as CommandFailed).message).toMatch(/psnode-no-such-tool-xyz' is not installed/);
    expect(error).toMatchObject({ exitCode: null, signal: null });
  });

  it('times out with TimeoutExpired, at once even if a grandchild keeps the pipes open', async () => {
    const short = createExecFileRunner({ timeoutMs: 200 });
    const started = performance.now();
    const error = await rejection(short('sh', ['-c', 'sleep 5']));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(TimeoutExpired);
    expect(error).toMatchObject({ seconds: 0.2, pid: null });
    expect((error as TimeoutExpired).message).toContain("'sh -c sleep 5'");
  });

  it('rejects with AbortError when the signal fires while running', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 100);
    const started = performance.now();
    const error = await rejection(run('sleep', ['5'], { signal: controller.signal }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ code: 'ABORT_ERR', name: 'AbortError' });
  });

  it('rejects at once, without spawning, for an already aborted signal', async () => {
    const error = await rejection(run('psnode-no-such-tool-xyz', [], { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
  });

  it('rejects with AbortError while still queued for a slot', async () => {
    const single = createExecFileRunner({ concurrency: 1 });
    const blocker = single('sleep', ['0.5']);
    const controller = new AbortController();
    const queued = single('true', [], { signal: controller.signal });
    const started = performance.now();
    controller.abort();
    expect(await rejection(queued)).toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(200);
    await blocker;
  });

  it('bounds the output with a clear CommandFailed', async () => {
    const small = createExecFileRunner({ maxBufferBytes: 1000 });
    const error = await rejection(small('head', ['-c', '100000', '/dev/zero']));
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as CommandFailed).message).toMatch(/more output than the stdout limit allows/);
  });

  it('accepts output up to the default bound', async () => {
    const result = await run('head', ['-c', String(4 * 1024 * 1024), '/dev/zero']);
    expect(result.stdout.length).toBe(4 * 1024 * 1024);
  });

  it('decodes invalid UTF-8 as U+FFFD instead of throwing', async () => {
    expect((await run('printf', ['\\377abc'])).stdout).toBe('\uFFFDabc');
    expect((await run('printf', ['caf\\303\\251'])).stdout).toBe('café');
  });

  it('runs children with LC_ALL=C and LANG=C, or LC_ALL=C.UTF-8 when asked, keeping the rest of the env', async () => {
    process.env.PSNODE_TEST_MARKER = 'kept';
    const script = 'printf "%s %s %s" "$LC_ALL" "$LANG" "$PSNODE_TEST_MARKER"';
    expect((await run('sh', ['-c', script])).stdout).toBe('C C kept');
    expect((await run('sh', ['-c', script], { locale: 'C.UTF-8' })).stdout).toBe('C.UTF-8 C kept');
    delete process.env.PSNODE_TEST_MARKER;
  });

  it('runs at most `concurrency` children at a time', async () => {
    const elapsed = await timeParallelSleeps(createExecFileRunner({ concurrency: 2 }), 4, 0.3);
    expect(elapsed).toBeGreaterThanOrEqual(550);
  });

  it(`shares a limit of ${DEFAULT_CONCURRENCY} children between the runners of a thread`, async () => {
    const [first, second] = [createExecFileRunner(), createExecFileRunner()];
    const started = performance.now();
    await Promise.all([timeParallelSleeps(first, 3, 0.3), timeParallelSleeps(second, 2, 0.3)]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
  });
});
