/** `npm run migrate`: brings the configured database's schema up to date and exits. */
import { ConfigError, loadConfig } from '../config/schema.ts';
import { openDatabase } from './data-source.ts';

try {
  const config = loadConfig();
  const { ds, ran } = await openDatabase(config.database);
  await ds.destroy();
  console.log(ran.length ? `ran ${ran.length} migration(s): ${ran.join(', ')}` : 'the schema is up to date; nothing to run');
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
