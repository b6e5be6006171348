/**
 * The sensors methods of the Linux exec backend. Each reads a part of sysfs
 * (S = the sysfs root from `configure()`) with one GNU find that lists the
 * sensor files (`-printf '%p\n'`) and has grep print the ones psutil reads
 * (`-exec grep -sHZ '' {} +`); `parsers/sensors-sysfs.ts` applies psutil's
 * rules. `-L` follows the `S/class/*\/<entry>` links into the device tree;
 * `-maxdepth` and pruning `subsystem` keep it from walking back out of it
 * (find still warns of those links as loops and exits 1: expected, see
 * `checkFindResult`).
 *
 * - temperatures: `find -L S/class/hwmon …` and `find S/devices/platform …`
 *   (coretemp, pruned to `coretemp.*`) at once; only when neither found a
 *   `temp*_*` file, `find -L S/class/thermal …` (thermal zones).
 * - fans: `find -L S/class/hwmon …`.
 * - battery: `find -L S/class/power_supply …`.
 */
import type { RawBattery, RawFan, RawSensorGroups, RawTemperature } from '../../disk-sensors-types';
import { type HostRoots, underRoot } from '../../roots';
import type { Backend } from '../../types';
import { type CommandRunner, formatCommand } from '../runner';
import { anyName, checkFindResult, GREP_FILES, globLiteral } from './find-args';
import {
  batteryFiles,
  hwmonFans,
  hwmonTemperatures,
  mergeDumps,
  parseSysfsDump,
  type SysfsDump,
  temperatureBases,
  thermalZoneTemperatures,
} from './parsers/sensors-sysfs';

type SensorMethods = Pick<Backend, 'sensorsTemperatures' | 'sensorsFans' | 'sensorsBattery'>;
type Command = readonly [string, readonly string[]];

const TEMP_FILES = ['temp*_input', 'temp*_max', 'temp*_crit', 'temp*_label'];
const FAN_FILES = ['fan*_input', 'fan*_label'];
const BATTERY_FILES = [
  'energy_now',
  'charge_now',
  'power_now',
  'current_now',
  'energy_full',
  'charge_full',
  'time_to_empty_now',
  'capacity',
  'status',
  'online',
];

/**
 * `S/class/hwmon/hwmon*\/<kind>*_*` and `…/hwmon*\/device/<kind>*_*`: every
 * such file listed, the ones in `read` and the chips' `name` files printed.
 */
function hwmonCommand(sysRoot: string, kind: string, read: readonly string[]): Command {
  return [
    'find',
    [
      '-L',
      underRoot(sysRoot, 'class/hwmon'),
      '-mindepth',
      '2',
      '-maxdepth',
      '3',
      '-name',
      'subsystem',
      '-prune',
      '-o',
      '-type',
      'f',
      '-name',
      `${kind}*_*`,
      '-printf',
      '%p\\n',
      ...anyName(read),
      ...GREP_FILES,
      '-o',
      '-type',
      'f',
      '-name',
      'name',
      ...GREP_FILES,
    ],
  ];
}

/** `S/devices/platform/coretemp.*\/hwmon/hwmon*\/temp*_*` (and `name`), every other platform device pruned. */
function coretempCommand(sysRoot: string): Command {
  const platform = globLiteral(underRoot(sysRoot, 'devices/platform'));
  const hwmonFiles = `${platform}/coretemp.*/hwmon/hwmon*/*`;
  return [
    'find',
    [
      underRoot(sysRoot, 'devices/platform'),
      '-mindepth',
      '1',
      '-maxdepth',
      '4',
      '(',
      '-path',
      `${platform}/*`,
      '!',
      '-path',
      `${platform}/coretemp.*`,
      '-prune',
      ')',
      '-o',
      '-type',
      'f',
      '-path',
      hwmonFiles,
      '-name',
      'temp*_*',
      '-printf',
      '%p\\n',
      ...anyName(TEMP_FILES),
      ...GREP_FILES,
      '-o',
      '-type',
      'f',
      '-path',
      hwmonFiles,
      '-name',
      'name',
      ...GREP_FILES,
    ],
  ];
}

/** `S/class/thermal/thermal_zone*\/{temp,type,trip_point_*_type,trip_point_*_temp}`. */
function thermalCommand(sysRoot: string): Command {
  return [
    'find',
    [
      '-L',
      underRoot(sysRoot, 'class/thermal'),
      '-mindepth',
      '2',
      '-maxdepth',
      '2',
      '-path',
      `${globLiteral(underRoot(sysRoot, 'class/thermal'))}/thermal_zone*/*`,
      '-type',
      'f',
      ...anyName(['temp', 'type', 'trip_point_*_type', 'trip_point_*_temp']),
      ...GREP_FILES,
    ],
  ];
}

/** The entries of `S/class/power_supply` (as directories) and the files psutil reads in them. */
function powerSupplyCommand(sysRoot: string): Command {
  return [
    'find',
    [
      '-L',
      underRoot(sysRoot, 'class/power_supply'),
      '-mindepth',
      '1',
      '-maxdepth',
      '2',
      '-type',
      'd',
      '-printf',
      '%p\\n',
      '-o',
      '-type',
      'f',
      ...anyName(BATTERY_FILES),
      ...GREP_FILES,
    ],
  ];
}

/** Every command line, for tests and fixtures. */
export function sensorCommands(roots: HostRoots) {
  return {
    hwmonTemperatures: hwmonCommand(roots.sysfs, 'temp', TEMP_FILES),
    hwmonFans: hwmonCommand(roots.sysfs, 'fan', FAN_FILES),
    coretemp: coretempCommand(roots.sysfs),
    thermal: thermalCommand(roots.sysfs),
    powerSupply: powerSupplyCommand(roots.sysfs),
  } as const;
}

export function createLinuxSensorMethods(run: CommandRunner, roots: HostRoots): SensorMethods {
  const commands = sensorCommands(roots);
  const dump = async ([file, args]: Command): Promise<SysfsDump> => {
    const result = await run(file, args, { acceptExitCodes: [1] });
    checkFindResult(formatCommand(file, args), result);
    return parseSysfsDump(result.stdout);
  };

  return {
    async sensorsTemperatures(): Promise<RawSensorGroups<RawTemperature>> {
      const both = mergeDumps(...(await Promise.all([dump(commands.hwmonTemperatures), dump(commands.coretemp)])));
      const bases = temperatureBases(both, roots.sysfs);
      if (bases.length > 0) return hwmonTemperatures(both, bases);
      return thermalZoneTemperatures(await dump(commands.thermal), roots.sysfs);
    },

    async sensorsFans(): Promise<RawSensorGroups<RawFan>> {
      return hwmonFans(await dump(commands.hwmonFans), roots.sysfs);
    },

    async sensorsBattery(): Promise<RawBattery | null> {
      return batteryFiles(await dump(commands.powerSupply), roots.sysfs);
    },
  };
}
