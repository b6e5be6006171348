/**
 * sensorsTemperatures, sensorsFans and sensorsBattery on both backends,
 * against the fixture sysfs trees of test/fixtures/linux/sys-* (this machine
 * has no sensors). The expected values are psutil 5.9.4's over the same trees
 * (bind-mounted on /sys in a mount namespace), except where psnode differs on
 * purpose: a missing threshold stays `null` (psutil copies the other one into
 * it), thermal trip points are divided by 1000 once (psutil may divide twice),
 * unlinked coretemp hwmons are read (psutil never reads them), and a missing
 * power_supply class is "no battery" (psutil raises).
 */
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NATIVE_ROUTES } from '../../src/workers/routing';
import { BACKENDS, ps } from '../helpers/psnode';
import { LINUX_FIXTURES } from '../parsers/fixtures';

const tree = (name: string) => path.join(LINUX_FIXTURES, name);

afterEach(() => ps.configure({ sysfsPath: '/sys' }));
afterAll(() => ps.close());

const t = (label: string, current: number, high: number | null, critical: number | null) => ({
  label,
  current,
  high,
  critical,
});

const EXPECTED = {
  'sys-thinkpad-t480': {
    temperatures: {
      acpitz: [t('', 51, null, 128)],
      pch_skylake: [t('', 47.5, null, null)],
      nvme: [
        t('Composite', 38.85, 84.85, 84.85),
        t('Sensor 1', 38.85, 65261.85, null),
        t('Sensor 2', 45.85, 65261.85, null),
      ],
      // iwlwifi_1 and thinkpad's temp2 cannot be read: left out.
      thinkpad: [t('', 52, null, null)],
      coretemp: [t('Package id 0', 52, 100, 100), t('Core 0', 50, 100, 100), t('Core 1', 49, 100, 100)],
    },
    fans: { thinkpad: [{ label: '', current: 2493 }] },
    // energy_now / energy_full; energy_now / power_now hours; AC online = 0.
    battery: { percent: (100 * 35480000) / 45340000, secsleft: 14173, powerPlugged: false },
  },
  'sys-server-2socket': {
    temperatures: {
      // temp10 sorts before temp2, as psutil's sorted(); coretemp.1 (not in class/hwmon) comes last.
      coretemp: [
        t('Package id 0', 44, 82, 92),
        t('Core 8', 40, 82, 92),
        t('Core 0', 41, 82, 92),
        t('Core 1', 43, 82, 92),
        t('Package id 1', 47, 82, 92),
        t('Core 0', 45, 82, 92),
        t('Core 1', 46, 82, 92),
      ],
      nct6779: [t('SYSTIN', 36, 80, null), t('CPUTIN', 40.5, null, null), t('PECI Agent 0', 41, null, 100)],
      nvme: [t('Composite', 35.85, 80.85, 84.85)],
      drivetemp: [t('', 33, 60, 70)],
    },
    fans: {
      nct6779: [
        { label: '', current: 0 },
        { label: '', current: 1205 },
        { label: '', current: 987 },
      ],
    },
    battery: null,
  },
  'sys-centos7-dell-laptop': {
    temperatures: {
      coretemp: [t('Physical id 0', 61, 87, 105), t('Core 0', 58, 87, 105), t('Core 1', 60, 87, 105)],
      dell_smm: [t('CPU', 45, null, null)],
      acpitz: [t('', 27.8, null, 105)],
    },
    // Only under hwmon*/device/: read from there.
    fans: {
      dell_smm: [
        { label: 'Processor Fan', current: 3100 },
        { label: 'Video Fan', current: 0 },
      ],
    },
    // BAT1 (before hidpp_battery_0); charge_now / charge_full; AC0 online.
    battery: { percent: (100 * 2850000) / 3500000, secsleft: ps.POWER_TIME_UNLIMITED, powerPlugged: true },
  },
  'sys-arm-tablet-thermal': {
    // No hwmon: thermal zones, sorted as strings (zone10 before zone2, whose temp cannot be read).
    temperatures: {
      'cpu-thermal': [t('', 47.712, null, 90)],
      'gpu-thermal': [t('', 45, 85, null)],
      'ddr-thermal': [t('', 41, null, null)],
    },
    fans: {},
    // capacity; plugged from the status; time_to_empty_now minutes.
    battery: { percent: 57, secsleft: 95 * 60, powerPlugged: false },
  },
  'sys-raspberrypi4': {
    temperatures: { cpu_thermal: [t('', 47.712, null, null)] },
    fans: {},
    battery: null,
  },
} as const;

describe.each(BACKENDS)('%s backend', (backend) => {
  it.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])('reads %s as psutil does', async (name) => {
    ps.configure({ backend, sysfsPath: tree(name) });
    const expected = EXPECTED[name];
    expect(await ps.sensorsTemperatures()).toEqual(expected.temperatures);
    expect(await ps.sensorsFans()).toEqual(expected.fans);
    expect(await ps.sensorsBattery()).toEqual(expected.battery);
  });

  it('fahrenheit converts every temperature', async () => {
    ps.configure({ backend, sysfsPath: tree('sys-thinkpad-t480') });
    const f = await ps.sensorsTemperatures({ fahrenheit: true });
    expect(f.acpitz).toEqual([t('', (51 * 9) / 5 + 32, null, (128 * 9) / 5 + 32)]);
    expect(f.coretemp?.[0]).toEqual(t('Package id 0', (52 * 9) / 5 + 32, 212, 212));
  });

  it('a sysfs root without sensors (this machine, or a missing directory) gives {}, {}, null', async () => {
    for (const sysfsPath of ['/sys', tree('no-such-tree')]) {
      ps.configure({ backend, sysfsPath });
      const temperatures = await ps.sensorsTemperatures();
      expect(typeof temperatures).toBe('object');
      if (sysfsPath !== '/sys') {
        expect(temperatures).toEqual({});
        expect(await ps.sensorsFans()).toEqual({});
        expect(await ps.sensorsBattery()).toBeNull();
      }
    }
  });
});

describe('native vs exec', () => {
  it('agree on every fixture tree, including Fahrenheit', async () => {
    for (const name of Object.keys(EXPECTED)) {
      const answers = [];
      for (const backend of BACKENDS) {
        ps.configure({ backend, sysfsPath: tree(name) });
        answers.push([
          await ps.sensorsTemperatures({ fahrenheit: true }),
          await ps.sensorsFans(),
          await ps.sensorsBattery(),
        ]);
      }
      expect(answers[1]).toEqual(answers[0]);
    }
  });
});

describe('arguments and routing', () => {
  it('bad options are TypeErrors', async () => {
    const temps = ps.sensorsTemperatures as (o?: unknown) => Promise<unknown>;
    await expect(temps({ fahrenheit: 1 })).rejects.toThrow(TypeError);
    await expect(temps({ celsius: true })).rejects.toThrow(TypeError);
    await expect((ps.sensorsFans as (o?: unknown) => Promise<unknown>)(7)).rejects.toThrow(TypeError);
    await expect((ps.sensorsBattery as (o?: unknown) => Promise<unknown>)({ timeout: 0 })).rejects.toThrow(RangeError);
  });

  it('the constants are psutil values', () => {
    expect(ps.POWER_TIME_UNKNOWN).toBe(-1);
    expect(ps.POWER_TIME_UNLIMITED).toBe(-2);
  });

  it('sensor reads (ACPI methods, disks asked for their temperature) go to the pool', () => {
    expect(NATIVE_ROUTES.sensorsTemperatures).toBe('pool');
    expect(NATIVE_ROUTES.sensorsFans).toBe('pool');
    expect(NATIVE_ROUTES.sensorsBattery).toBe('pool');
  });
});
