import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFixtureRunner } from '../../src/backends/exec/runner';

const realPlatform = process.platform;

function pretendPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

describe('createExecBackend', () => {
  afterEach(() => {
    pretendPlatform(realPlatform);
    vi.resetModules();
  });

  it('chooses the Linux module on Linux', async () => {
    pretendPlatform('linux');
    const { createExecBackend } = await import('../../src/backends/exec/index.js');
    const backend = createExecBackend(createFixtureRunner({ 'cat /proc/loadavg': '1.00 2.00 3.00 1/2 3\n' }));
    expect(backend.name).toBe('exec');
    await expect(backend.loadAvg()).resolves.toEqual([1, 2, 3]);
  });

  it.each(['darwin', 'win32', 'freebsd'] as const)('throws NotSupported on %s, for now', async (platform) => {
    pretendPlatform(platform);
    const { createExecBackend } = await import('../../src/backends/exec/index.js');
    // Imported after resetModules, as the module under test sees it.
    const { NotSupported } = await import('../../src/api/errors.js');
    expect(() => createExecBackend(createFixtureRunner({}))).toThrow(NotSupported);
  });

  it('chooses the platform once, when the module loads', async () => {
    pretendPlatform('linux');
    const { createExecBackend } = await import('../../src/backends/exec/index.js');
    pretendPlatform('darwin');
    expect(createExecBackend(createFixtureRunner({})).name).toBe('exec');
  });
});
