/**
 * A CPU profile of one stretch of a bench, taken in-process (node:inspector) so the set-up is left out:
 * `INBOUND_PROFILE=/tmp/burst.cpuprofile npm run bench -- inbound` writes the burst's profile, which Chrome's
 * DevTools (Performance → load) or any .cpuprofile reader opens. Without the variable it costs nothing.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export async function profiled<T>(path: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!path) return run();
  const session = new Session();
  session.connect();
  const heap = path.endsWith('.heapprofile');
  if (heap) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 8192,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
  } else {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  try {
    return await run();
  } finally {
    const { profile } = heap ? await session.post('HeapProfiler.stopSampling') : await session.post('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
  }
}
