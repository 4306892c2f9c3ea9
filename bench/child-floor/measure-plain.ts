/**
 * The child-floor baseline: the same children's activity calls as a plain loop in one process, `concurrency` at a
 * time. argv: <children> <las> <units> <payloadBytes> <concurrency>
 */
import { childMain } from '../lib/child-main';
import { createFloorActivities } from './activities';

childMain(async ([n, las, units, payload, conc]) => {
  const { floorStep } = createFloorActivities();
  const children = Number(n);
  let next = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const lane = async (): Promise<void> => {
    while (next < children) {
      next++;
      for (let k = 0; k < Number(las); k++) {
        await floorStep({ units: k === 0 ? Number(units) : 0, payloadBytes: Number(payload) });
      }
    }
  };
  await Promise.all(Array.from({ length: Number(conc) }, lane));
  const cpu = process.cpuUsage(cpu0);
  return { run_s: (performance.now() - started) / 1000, cpu_s: (cpu.user + cpu.system) / 1e6, children };
});
