/**
 * `npm run seed:demo`: opens the configured database (the same variables as the app: DATABASE_URL or
 * SQLITE_PATH, …), migrates it, writes the demo data idempotently and prints what it created and the demo logins.
 */
import { ConfigError, loadConfig } from '../config/schema.ts';
import { systemClock, type CoreContext } from '../context.ts';
import { openDatabase } from '../db/data-source.ts';
import { createLogger } from '../infra/logger.ts';
import { seedDemo } from './demo.ts';

try {
  const config = loadConfig();
  const { ds } = await openDatabase(config.database);
  const ctx: CoreContext = {
    ds,
    clock: systemClock,
    log: createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL),
    timeZone: config.TZ,
    defaultLocale: config.DEFAULT_LOCALE,
    publicUrl: config.publicUrl,
    onOutbox: () => {},
  };
  try {
    const { created, logins } = await seedDemo(ctx);
    const where = config.database.kind === 'sqlite' ? config.database.path : config.database.url.replace(/\/\/[^@/]*@/, '//…@');
    console.log(`demo data in ${config.database.kind} (${where})`);
    console.log(
      created.length ? `created ${created.length} item(s):\n${created.map((c) => `  + ${c}`).join('\n')}` : 'nothing to create: the demo data is there already',
    );
    console.log(`\ndemo logins (panel: ${config.publicUrl}/tickets, sign in at ${config.publicUrl}/login):`);
    for (const l of logins) {
      console.log(`  ${l.username.padEnd(12)} ${l.role.padEnd(11)} ${l.password ?? '(existing account: password unchanged)'}   ${l.displayName}`);
    }
  } finally {
    await ds.destroy();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
