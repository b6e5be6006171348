/** Public result types of the sensor functions (psutil's `shwtemp`, `sfan`, `sbattery`). */

/** One temperature sensor (psutil's `shwtemp`). Degrees Celsius, or Fahrenheit with `fahrenheit: true`. */
export interface Temperature {
  /** The sensor's label (`Package id 0`, `Core 1`, `Composite`), `''` when the driver gives none. */
  label: string;
  /** Current temperature, degrees. */
  current: number;
  /**
   * The driver's high threshold (`temp*_max`), degrees; `null` when none is
   * exposed (psutil then copies `critical` here; psnode reports what the OS says).
   */
  high: number | null;
  /** The driver's critical threshold (`temp*_crit`), degrees; `null` when none is exposed. */
  critical: number | null;
}

/** One fan (psutil's `sfan`). */
export interface Fan {
  /** The fan's label, `''` when the driver gives none. */
  label: string;
  /** Speed, revolutions per minute. */
  current: number;
}

/** The first battery's state (psutil's `sbattery`). */
export interface Battery {
  /**
   * Charge left, percent: `energy_now / energy_full × 100` (or the charge
   * pair), not rounded, else the driver's integer `capacity`. As in psutil it
   * can exceed 100 a little when the battery reports more than its full charge.
   */
  percent: number;
  /**
   * Seconds until the battery is empty (`energy_now / |power_now| × 3600`,
   * truncated), {@link POWER_TIME_UNLIMITED} (-2) on AC power, or
   * {@link POWER_TIME_UNKNOWN} (-1) when it cannot be estimated.
   */
  secsleft: number;
  /** Whether the AC adapter is connected; `null` when neither the adapter nor the battery status says. */
  powerPlugged: boolean | null;
}

/** `secsleft` when the time left cannot be estimated (psutil's `POWER_TIME_UNKNOWN`). */
export const POWER_TIME_UNKNOWN = -1;
/** `secsleft` on AC power (psutil's `POWER_TIME_UNLIMITED`). */
export const POWER_TIME_UNLIMITED = -2;
