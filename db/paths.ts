import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this file whether it runs from source (`db/`) or from the
 * build (`dist/db/`): migrations and assets are read from there, never copied into dist. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'db', 'migrations'))) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('ticketops: cannot find the package root (db/migrations)');
    dir = parent;
  }
}

export const migrationsFolder = (): string => join(projectRoot(), 'db', 'migrations');
