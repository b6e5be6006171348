/**
 * The sysfs dump parser of the exec backend, its psutil rules on hand-written
 * dumps (edge cases no tree shows), the derivations of the API, and the exec
 * commands run for real over a fixture tree.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveBattery, deriveTemperatures } from '../../src/api/derive-disk-sensors';
import { POWER_TIME_UNKNOWN, POWER_TIME_UNLIMITED } from '../../src/api/sensors-types';
import type { RawBattery } from '../../src/backends/disk-sensors-types';
import { checkFindResult, globLiteral } from '../../src/backends/exec/linux/find-args';
import {
  batteryFiles,
  chooseBattery,
  hwmonFans,
  hwmonTemperatures,
  parseSysfsDump,
  sysfsInteger,
  sysfsNumber,
  temperatureBases,
  thermalZoneTemperatures,
} from '../../src/backends/exec/linux/parsers/sensors-sysfs';
import { sensorCommands } from '../../src/backends/exec/linux/sensors';
import { createExecFileRunner } from '../../src/backends/exec/runner';
import { LINUX_FIXTURES } from '../parsers/fixtures';

const S = '/sys';
/** A dump as the find/grep commands print it: `listed` paths, then `path NUL line` records. */
function dump(listed: string[], files: Record<string, string>): string {
  const records = Object.entries(files).flatMap(([p, text]) => text.split('\n').map((line) => `${p}\0${line}`));
  return `${[...listed, ...records].join('\n')}\n`;
}

describe('parseSysfsDump', () => {
  it('tells listed paths from file lines and joins multi-line files', () => {
    const parsed = parseSysfsDump('/a/b\n/a/c\0one\n/a/c\0two\n/a/d\0\n\n');
    expect(parsed.listed).toEqual(['/a/b']);
    expect(parsed.files).toEqual(
      new Map([
        ['/a/c', 'one\ntwo'],
        ['/a/d', ''],
      ]),
    );
  });

  it('reads sysfs numbers as Python float() / int() would, rejecting the rest', () => {
    expect(sysfsNumber(' 42000\n')).toBe(42000);
    expect(sysfsNumber('-273150')).toBe(-273150);
    expect(sysfsNumber('+5.5')).toBe(5.5);
    expect(sysfsNumber('N/A')).toBeNull();
    expect(sysfsNumber('')).toBeNull();
    expect(sysfsNumber(undefined)).toBeNull();
    expect(sysfsNumber('1e3')).toBeNull();
    expect(sysfsInteger('2493\n')).toBe(2493);
    expect(sysfsInteger('-1200000')).toBe(-1200000);
    expect(sysfsInteger('1.5')).toBeNull();
  });
});

describe("psutil's rules over a dump", () => {
  it('any temp*_* file makes a base; unreadable inputs and names skip the entry', () => {
    const d = parseSysfsDump(
      dump(
        [
          `${S}/class/hwmon/hwmon0/temp1_input`,
          `${S}/class/hwmon/hwmon0/temp2_crit_alarm`,
          `${S}/class/hwmon/hwmon1/temp1_input`,
          `${S}/class/hwmon/hwmon0/power/temp9_x`,
        ],
        {
          [`${S}/class/hwmon/hwmon0/name`]: 'chip',
          [`${S}/class/hwmon/hwmon0/temp1_input`]: '30000',
          [`${S}/class/hwmon/hwmon1/temp1_input`]: '31000',
        },
      ),
    );
    const bases = temperatureBases(d, S);
    expect(bases).toEqual([
      `${S}/class/hwmon/hwmon0/temp1`,
      `${S}/class/hwmon/hwmon0/temp2`,
      `${S}/class/hwmon/hwmon1/temp1`,
    ]);
    // temp2 has no input, hwmon1 no name: psutil skips both.
    expect(hwmonTemperatures(d, bases)).toEqual([['chip', [{ label: '', current: 30, high: null, critical: null }]]]);
    // A temp*_* file without a readable input still counts: no thermal-zone fallback then.
    expect(temperatureBases(parseSysfsDump(dump([`${S}/class/hwmon/hwmon0/temp1_alarm`], {})), S)).toHaveLength(1);
  });

  it('a chip called __proto__ stays a key', () => {
    const d = parseSysfsDump(
      dump([`${S}/class/hwmon/hwmon0/temp1_input`], {
        [`${S}/class/hwmon/hwmon0/name`]: '__proto__',
        [`${S}/class/hwmon/hwmon0/temp1_input`]: '1000',
      }),
    );
    const result = deriveTemperatures(hwmonTemperatures(d, temperatureBases(d, S)), false);
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('thermal zones: the last critical/high trip point wins, in numeric order', () => {
    const z = `${S}/class/thermal/thermal_zone0`;
    const d = parseSysfsDump(
      dump([], {
        [`${z}/temp`]: '50000',
        [`${z}/type`]: 'soc',
        [`${z}/trip_point_2_type`]: 'critical',
        [`${z}/trip_point_2_temp`]: '99000',
        [`${z}/trip_point_10_type`]: 'critical',
        [`${z}/trip_point_10_temp`]: '110000',
        [`${S}/class/thermal/cooling_device0/type`]: 'fan',
      }),
    );
    expect(thermalZoneTemperatures(d, S)).toEqual([['soc', [{ label: '', current: 50, high: null, critical: 110 }]]]);
  });

  it('fans: a garbage input is skipped', () => {
    const d = parseSysfsDump(
      dump([`${S}/class/hwmon/hwmon0/fan1_input`, `${S}/class/hwmon/hwmon0/fan2_input`], {
        [`${S}/class/hwmon/hwmon0/name`]: 'f',
        [`${S}/class/hwmon/hwmon0/fan1_input`]: 'oops',
        [`${S}/class/hwmon/hwmon0/fan2_input`]: '900',
      }),
    );
    expect(hwmonFans(d, S)).toEqual([['f', [{ label: '', current: 900 }]]]);
  });

  it('battery choice: BAT* or *battery* (any case), the smallest name', () => {
    expect(chooseBattery(['AC', 'BAT1', 'BAT0'])).toBe('BAT0');
    expect(chooseBattery(['hidpp_battery_0', 'BAT1'])).toBe('BAT1');
    expect(chooseBattery(['CMB0', 'My-Battery'])).toBe('My-Battery');
    expect(chooseBattery(['AC', 'ucsi-source-psy-USBC000:001'])).toBeNull();
  });

  it('battery files: the first readable one decides, even when it is not a number', () => {
    const b = `${S}/class/power_supply/BAT0`;
    const raw = batteryFiles(
      parseSysfsDump(
        dump([`${S}/class/power_supply/BAT0`, `${S}/class/power_supply/BAT0/power`], {
          [`${b}/energy_now`]: 'garbage',
          [`${b}/charge_now`]: '100',
          [`${b}/current_now`]: '-50',
          [`${S}/class/power_supply/AC/online`]: '1',
        }),
      ),
      S,
    );
    expect(raw).toEqual({
      energyNow: null,
      powerNow: -50,
      energyFull: null,
      timeToEmptyNow: null,
      capacity: null,
      acOnline: 1,
      status: null,
    });
  });
});

describe('deriveBattery (psutil sensors_battery)', () => {
  const none: RawBattery = {
    energyNow: null,
    powerNow: null,
    energyFull: null,
    timeToEmptyNow: null,
    capacity: null,
    acOnline: null,
    status: null,
  };

  it('no battery, or no charge at all, is null', () => {
    expect(deriveBattery(null)).toBeNull();
    expect(deriveBattery(none)).toBeNull();
    expect(deriveBattery({ ...none, capacity: -1 })).toBeNull();
  });

  it('percent from energy (0 full = 0), else capacity', () => {
    expect(deriveBattery({ ...none, energyNow: 50, energyFull: 200 })?.percent).toBe(25);
    expect(deriveBattery({ ...none, energyNow: 50, energyFull: 0 })?.percent).toBe(0);
    expect(deriveBattery({ ...none, energyNow: 210, energyFull: 200 })?.percent).toBe(105);
    expect(deriveBattery({ ...none, capacity: 42 })?.percent).toBe(42);
  });

  it('plugged from AC online, else from the status', () => {
    expect(deriveBattery({ ...none, capacity: 1, acOnline: 0, status: 'Charging' })?.powerPlugged).toBe(false);
    expect(deriveBattery({ ...none, capacity: 1, status: 'Full' })?.powerPlugged).toBe(true);
    expect(deriveBattery({ ...none, capacity: 1, status: 'charging' })?.powerPlugged).toBe(true);
    expect(deriveBattery({ ...none, capacity: 1, status: 'Discharging' })?.powerPlugged).toBe(false);
    expect(deriveBattery({ ...none, capacity: 1, status: 'Not charging' })?.powerPlugged).toBeNull();
  });

  it('seconds left: unlimited on AC, energy / |power| truncated, else time_to_empty, else unknown', () => {
    const discharging = { ...none, acOnline: 0, energyFull: 100 };
    expect(deriveBattery({ ...none, capacity: 1, acOnline: 1, energyNow: 1, powerNow: 1 })?.secsleft).toBe(
      POWER_TIME_UNLIMITED,
    );
    expect(deriveBattery({ ...discharging, energyNow: 10, powerNow: -3 })?.secsleft).toBe(12000);
    expect(deriveBattery({ ...discharging, energyNow: 10, powerNow: 7 })?.secsleft).toBe(Math.trunc((10 / 7) * 3600));
    expect(deriveBattery({ ...discharging, energyNow: 10, powerNow: 0 })?.secsleft).toBe(POWER_TIME_UNKNOWN);
    expect(deriveBattery({ ...none, capacity: 1, timeToEmptyNow: 2 })?.secsleft).toBe(120);
    expect(deriveBattery({ ...none, capacity: 1, timeToEmptyNow: -2 })?.secsleft).toBe(POWER_TIME_UNKNOWN);
    expect(deriveBattery({ ...none, capacity: 1 })?.secsleft).toBe(POWER_TIME_UNKNOWN);
  });
});

describe('the exec commands', () => {
  it('run over a fixture tree: find only warns of the `subsystem` links back up, which it does not follow', async () => {
    // `find -L` reports every class/*/<entry>/subsystem link (a loop back to
    // the class directory) even at -maxdepth; real sysfs has the same links.
    const run = createExecFileRunner();
    const root = path.join(LINUX_FIXTURES, 'sys-thinkpad-t480');
    for (const [file, args] of Object.values(sensorCommands({ procfs: '/proc', sysfs: root }))) {
      const result = await run(file, args, { acceptExitCodes: [1] });
      for (const line of result.stderr.split('\n').filter(Boolean)) {
        expect(line).toMatch(/^find: File system loop detected; '.*\/(subsystem|device\/hwmon\d+)' is part of/);
      }
      expect(() => checkFindResult(file, result)).not.toThrow();
    }
  });

  it('quote find -path patterns', () => {
    expect(globLiteral('/a*b?c[d]\\e')).toBe('/a\\*b\\?c\\[d]\\\\e');
  });

  it('treat a missing tree as empty and anything else find says as a failure', () => {
    const ok = { stdout: '', stderr: "find: '/x/class/hwmon': No such file or directory\n", exitCode: 1, pid: 1 };
    expect(() => checkFindResult('find', ok)).not.toThrow();
    const bad = { stdout: '', stderr: 'find: unknown predicate `-printf2\n', exitCode: 1, pid: 1 };
    expect(() => checkFindResult('find', bad)).toThrow(/unknown predicate/);
    const noGrep = { stdout: '', stderr: "find: 'grep': No such file or directory\n", exitCode: 1, pid: 1 };
    expect(() => checkFindResult('find', noGrep)).toThrow(/grep/);
  });
});
