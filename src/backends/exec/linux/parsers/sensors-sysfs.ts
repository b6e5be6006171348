/**
 * Sensors from sysfs, as psutil's `sensors_temperatures`, `sensors_fans` and
 * `sensors_battery` read them, over a dump of the files that matter.
 *
 * The exec backend makes the dump with `find … -printf '%p\n' … -exec grep
 * -sHZ '' {} +` (see `../sensors.ts`): a line without a NUL is a path find
 * listed; a line `path NUL text` is one line of a file's content. A file grep
 * could not read (sysfs answers EIO, ENXIO or ENODATA for a sensor that is
 * not there) is simply missing, which is what psutil's fallbacks expect.
 *
 * The functions below are psutil's logic over that dump; the native collectors
 * (`native/linux/sensors.cc`) implement the same over real directory reads,
 * and the fixture trees in `test/fixtures/linux/sys-*` hold both to it.
 */
import type { RawBattery, RawFan, RawSensorGroups, RawTemperature } from '../../../disk-sensors-types';
import { underRoot } from '../../../roots';

/** What a dump holds: file contents by path, and the paths find printed. */
export interface SysfsDump {
  /** Each readable file's lines joined with `\n`. */
  files: Map<string, string>;
  /** Paths printed without content (listings). */
  listed: string[];
}

export function parseSysfsDump(text: string): SysfsDump {
  const files = new Map<string, string>();
  const listed: string[] = [];
  for (const line of text.split('\n')) {
    const nul = line.indexOf('\0');
    if (nul < 0) {
      if (line !== '') listed.push(line);
      continue;
    }
    const path = line.slice(0, nul);
    const content = line.slice(nul + 1);
    const before = files.get(path);
    files.set(path, before === undefined ? content : `${before}\n${content}`);
  }
  return { files, listed };
}

/** Merges dumps (the temperature reads come from two commands). */
export function mergeDumps(...dumps: SysfsDump[]): SysfsDump {
  const files = new Map<string, string>();
  const listed: string[] = [];
  for (const dump of dumps) {
    for (const [path, content] of dump.files) files.set(path, content);
    listed.push(...dump.listed);
  }
  return { files, listed };
}

const DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** A file's number as sysfs writes it (`[+-]digits[.digits]`, blanks around), as Python's `float()` reads it; `null` otherwise. */
export function sysfsNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : null;
}

/** A file's integer as Python's `int(text)` reads it; `null` otherwise. */
export function sysfsInteger(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  return INTEGER.test(trimmed) ? Number(trimmed) : null;
}

const dirname = (path: string) => path.slice(0, path.lastIndexOf('/'));
const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** psutil's `x.split('_')[0]` on a file matching `<prefix>*_*`: the path up to the file name's first `_`. */
function sensorBase(path: string, prefix: string): string | null {
  const name = basename(path);
  if (!name.startsWith(prefix)) return null;
  const underscore = name.indexOf('_', prefix.length);
  return underscore < 0 ? null : `${dirname(path)}/${name.slice(0, underscore)}`;
}

/** Where, under `classDir` (`S/class/hwmon`), a path sits: `hwmonN/<file>` (depth 2) or `hwmonN/device/<file>` (depth 3). */
function hwmonPlace(path: string, classDir: string): { inDevice: boolean } | null {
  if (!path.startsWith(`${classDir}/`)) return null;
  const parts = path.slice(classDir.length + 1).split('/');
  if (!parts[0]?.startsWith('hwmon')) return null;
  if (parts.length === 2) return { inDevice: false };
  if (parts.length === 3 && parts[1] === 'device') return { inDevice: true };
  return null;
}

function grouped<T>(entries: Array<[string, T]>): RawSensorGroups<T> {
  const groups = new Map<string, T[]>();
  for (const [name, sensor] of entries) {
    const list = groups.get(name);
    if (list) list.push(sensor);
    else groups.set(name, [sensor]);
  }
  return [...groups];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `base_max` etc.: millidegrees to degrees, `null` when absent or not a number. */
function degrees(files: Map<string, string>, path: string): number | null {
  const value = sysfsNumber(files.get(path));
  return value === null ? null : value / 1000;
}

/**
 * The hwmon temperature inputs psutil reads, in its order: every
 * `S/class/hwmon/hwmon*\/temp*_*` and `…/hwmon*\/device/temp*_*` file reduced
 * to its base (`…/temp1`), sorted; then the bases under
 * `S/devices/platform/coretemp.*\/hwmon/hwmon*` whose hwmon is not linked in
 * `S/class/hwmon` (psutil issue 1708; psutil compares the wrong strings there,
 * so it never reads them: we do).
 */
export function temperatureBases(dump: SysfsDump, sysRoot: string): string[] {
  const classDir = underRoot(sysRoot, 'class/hwmon');
  const platformDir = underRoot(sysRoot, 'devices/platform');
  const bases = new Set<string>();
  const coretemp = new Set<string>();
  for (const path of dump.listed) {
    const base = sensorBase(path, 'temp');
    if (base === null) continue;
    if (hwmonPlace(path, classDir)) bases.add(base);
    else if (isCoretempPath(path, platformDir)) coretemp.add(base);
  }
  const sorted = [...bases].sort(byCodePoint);
  for (const base of [...coretemp].sort(byCodePoint)) {
    // coretemp.N/hwmon/hwmonM/tempK is class/hwmon/hwmonM/tempK when linked there.
    const parts = base.split('/');
    const alias = `${classDir}/${parts.at(-2)}/${parts.at(-1)}`;
    if (!bases.has(alias)) sorted.push(base);
  }
  return sorted;
}

function isCoretempPath(path: string, platformDir: string): boolean {
  if (!path.startsWith(`${platformDir}/`)) return false;
  const parts = path.slice(platformDir.length + 1).split('/');
  return (
    parts.length === 4 && !!parts[0]?.startsWith('coretemp.') && parts[1] === 'hwmon' && !!parts[2]?.startsWith('hwmon')
  );
}

/** psutil's hwmon part of `sensors_temperatures` over `bases` (see {@link temperatureBases}). */
export function hwmonTemperatures(dump: SysfsDump, bases: readonly string[]): RawSensorGroups<RawTemperature> {
  const { files } = dump;
  const entries: Array<[string, RawTemperature]> = [];
  for (const base of bases) {
    // psutil skips the whole entry when the input or the chip name cannot be read.
    const input = sysfsNumber(files.get(`${base}_input`));
    const name = files.get(`${dirname(base)}/name`);
    if (input === null || name === undefined) continue;
    entries.push([
      name.trim(),
      {
        label: (files.get(`${base}_label`) ?? '').trim(),
        current: input / 1000,
        high: degrees(files, `${base}_max`),
        critical: degrees(files, `${base}_crit`),
      },
    ]);
  }
  return grouped(entries);
}

/**
 * psutil's fallback when hwmon has no temperature at all:
 * `S/class/thermal/thermal_zone*` (`temp`, `type`, and the trip points of
 * type `critical` and `high`), zones sorted by path, label `''`. Trip points
 * are taken in numeric order, a later one of the same type winning.
 */
export function thermalZoneTemperatures(dump: SysfsDump, sysRoot: string): RawSensorGroups<RawTemperature> {
  const classDir = underRoot(sysRoot, 'class/thermal');
  const zones = new Set<string>();
  const trips = new Map<string, Set<number>>();
  for (const path of dump.files.keys()) {
    if (!path.startsWith(`${classDir}/`)) continue;
    const parts = path.slice(classDir.length + 1).split('/');
    if (parts.length !== 2 || !parts[0]?.startsWith('thermal_zone')) continue;
    const zone = `${classDir}/${parts[0]}`;
    zones.add(zone);
    const trip = /^trip_point_(\d+)_/.exec(parts[1] ?? '');
    if (trip) {
      const set = trips.get(zone) ?? new Set<number>();
      set.add(Number(trip[1]));
      trips.set(zone, set);
    }
  }
  const { files } = dump;
  const entries: Array<[string, RawTemperature]> = [];
  for (const zone of [...zones].sort(byCodePoint)) {
    const current = sysfsNumber(files.get(`${zone}/temp`));
    const type = files.get(`${zone}/type`);
    if (current === null || type === undefined) continue;
    let high: number | null = null;
    let critical: number | null = null;
    for (const n of [...(trips.get(zone) ?? [])].sort((a, b) => a - b)) {
      const tripType = (files.get(`${zone}/trip_point_${n}_type`) ?? '').trim();
      if (tripType === 'critical') critical = degrees(files, `${zone}/trip_point_${n}_temp`);
      else if (tripType === 'high') high = degrees(files, `${zone}/trip_point_${n}_temp`);
    }
    entries.push([type.trim(), { label: '', current: current / 1000, high, critical }]);
  }
  return grouped(entries);
}

/**
 * psutil's `sensors_fans`: `S/class/hwmon/hwmon*\/fan*_*` (only when there are
 * none, `hwmon*\/device/fan*_*`), by base, sorted; `fan*_input` in RPM. An
 * input or chip name that cannot be read skips the fan.
 */
export function hwmonFans(dump: SysfsDump, sysRoot: string): RawSensorGroups<RawFan> {
  const classDir = underRoot(sysRoot, 'class/hwmon');
  const direct = new Set<string>();
  const inDevice = new Set<string>();
  for (const path of dump.listed) {
    const base = sensorBase(path, 'fan');
    const place = base === null ? null : hwmonPlace(path, classDir);
    if (base === null || place === null) continue;
    (place.inDevice ? inDevice : direct).add(base);
  }
  const bases = [...(direct.size > 0 ? direct : inDevice)].sort(byCodePoint);
  const { files } = dump;
  const entries: Array<[string, RawFan]> = [];
  for (const base of bases) {
    const current = sysfsInteger(files.get(`${base}_input`));
    const name = files.get(`${dirname(base)}/name`);
    if (current === null || name === undefined) continue;
    entries.push([name.trim(), { label: (files.get(`${base}_label`) ?? '').trim(), current }]);
  }
  return grouped(entries);
}

/** psutil's choice of battery: `BAT*` or `*battery*` (any case), the smallest name. */
export function chooseBattery(names: readonly string[]): string | null {
  const batteries = names.filter((name) => name.startsWith('BAT') || name.toLowerCase().includes('battery'));
  return batteries.length === 0 ? null : (batteries.sort(byCodePoint)[0] ?? null);
}

/**
 * The first battery's files (see `RawBattery`), from a dump whose listing
 * holds the entries of `S/class/power_supply`; `null` without a battery.
 */
export function batteryFiles(dump: SysfsDump, sysRoot: string): RawBattery | null {
  const classDir = underRoot(sysRoot, 'class/power_supply');
  const names = dump.listed
    .filter((path) => path.startsWith(`${classDir}/`) && !path.slice(classDir.length + 1).includes('/'))
    .map((path) => path.slice(classDir.length + 1));
  const battery = chooseBattery(names);
  if (battery === null) return null;
  const { files } = dump;
  // psutil's multi_bcat: the first file that can be read decides, even when it is not a number.
  const first = (...paths: string[]): number | null => {
    for (const path of paths) {
      const text = files.get(path);
      if (text !== undefined) return sysfsInteger(text);
    }
    return null;
  };
  const at = (file: string) => `${classDir}/${battery}/${file}`;
  const status = files.get(at('status'));
  return {
    energyNow: first(at('energy_now'), at('charge_now')),
    powerNow: first(at('power_now'), at('current_now')),
    energyFull: first(at('energy_full'), at('charge_full')),
    timeToEmptyNow: first(at('time_to_empty_now')),
    capacity: sysfsNumber(files.get(at('capacity'))),
    acOnline: first(`${classDir}/AC0/online`, `${classDir}/AC/online`),
    status: status === undefined ? null : status.trim(),
  };
}
