import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Db } from '../../db/client.js';
import type { Policy } from '../../ops/config/index.js';
import { loadEnv, runCommand } from './run.js';

/** Who ran a staff command, for the audit log: the operating-system account, since the CLI
 * has no console session. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Opens the database (migrated: `staff add` may be the first command after an upgrade) and
 * the policy file, runs `body`, closes. Loaded on use so `ticketops --help` stays fast. */
async function withStaffDeps<T>(
  body: (deps: { db: Db; policy: Policy }) => Promise<T>,
): Promise<T> {
  const env = await loadEnv();
  const { openDatabase } = await import('../../db/client.js');
  const { loadPolicy } = await import('../../ops/config/index.js');
  const { policy } = loadPolicy(env.TICKETOPS_CONFIG);
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await database.migrate();
    return await body({ db: database.db, policy });
  } finally {
    await database.close();
  }
}

function setPasswordAction(mode: 'add' | 'passwd') {
  return (staffId: string) =>
    runCommand(async () => {
      const { configuredMember, setStaffPassword } = await import('../../ops/staff/index.js');
      const { readNewPassword } = await import('./read-password.js');
      await withStaffDeps(async (deps) => {
        // Before asking for a password: a typo in the id should not cost typing one twice.
        configuredMember(deps, staffId);
        const password = await readNewPassword(process.stdin, process.stderr, staffId);
        const done = await setStaffPassword(deps, { staffId, password, mode, actor: cliActor() });
        const ended = done.sessionsEnded ? `; ${done.sessionsEnded} open session(s) ended` : '';
        process.stdout.write(
          `password ${mode === 'add' ? 'set' : 'changed'} for ${done.member.id} (${done.member.roles.join(', ')})${ended}\n`,
        );
      });
    });
}

/** `ticketops staff add | passwd | revoke | list`: console sign-in for the members of the
 * policy file. Passwords come from a no-echo prompt or the first line of stdin, never from
 * an argument (it would show in `ps` and shell history). */
export function registerStaff(program: Command): void {
  const staff = program
    .command('staff')
    .description('staff console sign-in: passwords and sessions of the policy file members');
  staff
    .command('add')
    .description('set the first password of a member (prompted, or the first line of stdin)')
    .argument('<id>', 'staff member id from staff.members in the policy file')
    .action(setPasswordAction('add'));
  staff
    .command('passwd')
    .description("set or change a member's password; ends their open sessions")
    .argument('<id>', 'staff member id from staff.members in the policy file')
    .action(setPasswordAction('passwd'));
  staff
    .command('revoke')
    .description('end every open console session of a member')
    .argument('<id>', 'staff member id')
    .action((staffId: string) =>
      runCommand(async () => {
        const { revokeStaffSessions } = await import('../../ops/staff/index.js');
        const done = await withStaffDeps((deps) =>
          revokeStaffSessions(deps, { staffId, actor: cliActor() }),
        );
        process.stdout.write(`${done.sessionsEnded} session(s) of ${staffId} ended\n`);
      }),
    );
  staff
    .command('list')
    .description('members, roles, whether a password is set, open sessions')
    .action(() =>
      runCommand(async () => {
        const { staffSignInOverview } = await import('../../ops/staff/index.js');
        const rows = await withStaffDeps((deps) => staffSignInOverview(deps));
        const table = [
          ['id', 'name', 'roles', 'password', 'sessions'],
          ...rows.map((r) => [
            r.id,
            r.name,
            r.roles.join(','),
            r.passwordSet === null ? 'demo token' : r.passwordSet ? 'set' : 'NOT SET',
            String(r.liveSessions),
          ]),
        ];
        const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
        for (const row of table) {
          process.stdout.write(
            `${row
              .map((c, i) => c.padEnd(widths[i]!))
              .join('  ')
              .trimEnd()}\n`,
          );
        }
      }),
    );
}
