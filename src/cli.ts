/** `npm start`: a readable snapshot of this machine. */
import * as ps from './index';

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function duration(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${days > 0 ? `${days}d ` : ''}${hours}h ${minutes}m`;
}

const pad = (text: string | number, width: number) => String(text).padStart(width);

function bar(percent: number, width = 20): string {
  const filled = Math.round((percent / 100) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

async function main(): Promise<void> {
  const info = ps.backendInfo();
  const [logical, physical, perCpuTimes, percents, freq, load, mem, swap, boot, users] = await Promise.all([
    ps.cpuCount(),
    ps.cpuCount({ logical: false }),
    ps.cpuTimes({ percpu: true }),
    ps.cpuPercent({ interval: 0.5, percpu: true }),
    ps.cpuFreq(),
    ps.getLoadAvg(),
    ps.virtualMemory(),
    ps.swapMemory(),
    ps.bootTime(),
    ps.users(),
  ]);
  const out: string[] = [];
  out.push(`psnode snapshot — backend: ${info.name}${info.reason ? ` (${info.reason})` : ''}`);
  out.push('');
  const mhz = freq ? `, ${freq.current.toFixed(0)} MHz` : '';
  out.push(`CPU: ${logical} logical, ${physical ?? 'unknown'} physical${mhz}`);
  out.push(`  cpu   busy% ${' '.repeat(17)}   user(s)  system(s)    idle(s)  iowait(s)`);
  perCpuTimes.forEach((t, cpu) => {
    const p = percents[cpu] ?? 0;
    out.push(
      `  ${pad(cpu, 3)} ${pad(p.toFixed(1), 6)} ${bar(p)} ${pad(t.user.toFixed(0), 9)} ${pad(t.system.toFixed(0), 10)} ${pad(t.idle.toFixed(0), 10)} ${pad(t.iowait.toFixed(0), 10)}`,
    );
  });
  out.push('');
  out.push(`Memory: ${bytes(mem.used)} used of ${bytes(mem.total)} (${mem.percent}%) ${bar(mem.percent)}`);
  out.push(
    `  available ${bytes(mem.available)}, free ${bytes(mem.free)}, cached ${bytes(mem.cached)}, buffers ${bytes(mem.buffers)}, shared ${bytes(mem.shared)}`,
  );
  out.push(
    swap.total > 0
      ? `Swap: ${bytes(swap.used)} used of ${bytes(swap.total)} (${swap.percent}%); in ${bytes(swap.sin)}, out ${bytes(swap.sout)}`
      : 'Swap: none',
  );
  out.push('');
  out.push(`Load average: ${load.map((l) => l.toFixed(2)).join(', ')}`);
  out.push(`Up ${duration(Date.now() / 1000 - boot)}, since ${new Date(boot * 1000).toISOString()}`);
  out.push(`Users: ${users.length === 0 ? 'none logged in' : ''}`);
  for (const u of users) {
    const started = new Date(u.started * 1000).toISOString();
    out.push(`  ${u.name} on ${u.terminal ?? '?'}${u.host ? ` from ${u.host}` : ''} since ${started}`);
  }
  console.log(out.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
