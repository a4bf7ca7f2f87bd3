import { defineConfig } from 'vitest/config';

/** `npm run test:resilience`: the system broken on purpose; writes docs/RESILIENCE.md. One scenario at a time. */
export default defineConfig({
  test: {
    include: ['test/resilience/**/*.test.ts'],
    // clears the figures of the last run, and renders docs/RESILIENCE.md from this run's at the end
    globalSetup: ['test/resilience/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
