/**
 * Hardware sensors: psutil's `sensors_temperatures`, `sensors_fans` and
 * `sensors_battery` on Linux, read from sysfs (`configure({ sysfsPath })`
 * moves its root). Sensor reads can take milliseconds (ACPI methods, a disk
 * asked for its temperature), so these calls always run in the worker pool.
 */
import { call } from '../workers/dispatch';
import { deriveBattery, deriveTemperatures } from './derive-disk-sensors';
import type { Battery, Fan, Temperature } from './sensors-types';
import type { CallOptions } from './types';
import { boolean, callOptionChecks, readOptions } from './validate';

/**
 * Temperatures by chip name (`coretemp`, `acpitz`, `nvme`, …), in degrees
 * Celsius or, with `fahrenheit`, Fahrenheit: every hwmon `temp*_input`
 * (with its `_label`, `_max` and `_crit`); only when hwmon has none, the
 * thermal zones. `{}` when the machine exposes no sensor (most VMs).
 */
export async function sensorsTemperatures(
  options?: { fahrenheit?: boolean } & CallOptions,
): Promise<Record<string, Temperature[]>> {
  const { fahrenheit = false, ...rest } = readOptions('sensorsTemperatures', options, {
    fahrenheit: boolean,
    ...callOptionChecks,
  });
  return deriveTemperatures(await call('sensorsTemperatures', [], rest), fahrenheit);
}

/** Fan speeds in RPM by chip name (hwmon `fan*_input`); `{}` when none is exposed. */
export async function sensorsFans(options?: CallOptions): Promise<Record<string, Fan[]>> {
  const groups = await call('sensorsFans', [], readOptions('sensorsFans', options, callOptionChecks));
  return Object.fromEntries(groups);
}

/**
 * The first battery's charge, time left and whether AC power is plugged in
 * (/sys/class/power_supply); `null` when there is no battery or it reports
 * no charge at all.
 */
export async function sensorsBattery(options?: CallOptions): Promise<Battery | null> {
  return deriveBattery(await call('sensorsBattery', [], readOptions('sensorsBattery', options, callOptionChecks)));
}
