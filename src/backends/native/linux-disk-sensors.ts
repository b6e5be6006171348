/** The native backend's disk and sensors methods: the addon's calls with the roots, reshaped into the raw types. */
import { NotSupported } from '../../api/errors';
import type { RawDiskIo } from '../disk-sensors-types';
import type { HostRoots } from '../roots';
import type { Backend } from '../types';
import { DISK_IO_ROW, type NativeBinding } from './binding';
import { guarded } from './errors';

type Methods = Pick<
  Backend,
  'diskPartitions' | 'diskUsage' | 'diskIoCounters' | 'sensorsTemperatures' | 'sensorsFans' | 'sensorsBattery'
>;

/** The addon function `name`; a build older than these calls says so instead of "is not a function". */
function need<K extends keyof NativeBinding>(binding: NativeBinding, name: K): void {
  if (typeof binding[name] !== 'function') {
    throw new NotSupported(
      `the native ${String(name)}`,
      'the loaded addon predates it: rebuild it (npm run build:native)',
    );
  }
}

function toDiskIo({ names, values: v }: { names: string[]; values: Float64Array }): RawDiskIo[] {
  // Columns: storage flag, then DISK_IO_FIELDS in order (see binding.ts).
  return names.map((name, row) => {
    const at = row * DISK_IO_ROW;
    return {
      name,
      storage: v[at] === 1,
      readCount: v[at + 1] ?? 0,
      writeCount: v[at + 2] ?? 0,
      readBytes: v[at + 3] ?? 0,
      writeBytes: v[at + 4] ?? 0,
      readTime: v[at + 5] ?? 0,
      writeTime: v[at + 6] ?? 0,
      readMergedCount: v[at + 7] ?? 0,
      writeMergedCount: v[at + 8] ?? 0,
      busyTime: v[at + 9] ?? 0,
    };
  });
}

export function createDiskSensorMethods(binding: NativeBinding, roots: HostRoots): Methods {
  const { procfs, sysfs } = roots;
  const call = <K extends keyof NativeBinding, T>(name: K, body: () => T): T => {
    need(binding, name);
    return guarded(body);
  };
  return {
    diskPartitions: () => call('diskPartitions', () => binding.diskPartitions(procfs)),
    diskUsage: (path) => call('diskUsage', () => binding.diskUsage(path)),
    diskIoCounters: () => call('diskIoCounters', () => toDiskIo(binding.diskIoCounters(procfs, sysfs))),
    sensorsTemperatures: () => call('sensorsTemperatures', () => binding.sensorsTemperatures(sysfs)),
    sensorsFans: () => call('sensorsFans', () => binding.sensorsFans(sysfs)),
    sensorsBattery: () => call('sensorsBattery', () => binding.sensorsBattery(sysfs)),
  };
}
