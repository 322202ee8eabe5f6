import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { installSecrets } from '../schema/index.js';

/** The secret every purpose-specific key is derived from (see ops/config/install-key). */
export const INSTALL_SECRET = 'install';

/** The install's secret called `name`, made now if this is the first use. Processes racing
 * on the first use all get the one that was inserted first. */
export async function installSecret(db: Db, name: string): Promise<string> {
  await db
    .insert(installSecrets)
    .values({ name, secret: randomBytes(32).toString('hex') })
    .onConflictDoNothing();
  const [row] = await db
    .select({ secret: installSecrets.secret })
    .from(installSecrets)
    .where(eq(installSecrets.name, name));
  return row!.secret;
}
