import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { findPasswordHash } from '../../db/queries/staff-credentials.js';
import { auditLog } from '../../db/schema/index.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { ValidationError } from '../../ops/errors.js';
import { setStaffPassword, signInWithPassword } from '../../ops/staff/index.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { runCli } from '../helpers/run-cli.js';

/** The real CLI entry from source through tsx, as `node dist/bot/cli.js staff ...` runs it. */
const _TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const POLICY = `staff:
  members:
    - { id: mia, name: Mia Box Office, roles: [agent] }
    - { id: dora, name: Dora Door, roles: [door] }
`;
const FIRST = 'correct horse battery staple';
const SECOND = 'a brand new passphrase for mia';

// Each command is a process start (~2 s on 2 cores): a long test may run a handful.
describe('ticketops staff (PostgreSQL)', { timeout: 90_000 }, () => {
  let database: Database;
  let url: string;
  let drop: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'tops-staff-cli-'));
  const policyPath = join(dir, 'ticketops.yaml');
  const deps = () => ({ db: database.db, policy: parsePolicy(POLICY) });

  beforeAll(async () => {
    const testDb = await createTestDatabase();
    url = testDb.url;
    drop = testDb.drop;
    writeFileSync(policyPath, POLICY);
    database = await openDatabase({ url, dataDir: '' });
    await database.migrate();
  });

  afterAll(async () => {
    await database?.close();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const staff = (args: string[], stdin = '') =>
    runCli(['staff', ...args], {
      env: { DATABASE_URL: url, REDIS_URL: '', TICKETOPS_CONFIG: policyPath, LOG_LEVEL: 'silent' },
      stdin,
    });

  const signIn = (password: string) =>
    signInWithPassword(deps(), { staffId: 'mia', password, ip: '127.0.0.1' });

  it('staff add sets a first password from the first line of stdin; the member signs in with it', async () => {
    const added = await staff(['add', 'mia'], `${FIRST}\nsecond line is ignored\n`);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toBe('password set for mia (agent)\n');
    expect(await findPasswordHash(database.db, 'mia')).toMatch(
      /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/,
    );
    expect(await signIn(FIRST)).toMatchObject({ ok: true, member: { id: 'mia' } });
    expect(await signIn('correct horse battery')).toMatchObject({
      ok: false,
      why: 'wrong_password',
    });
  });

  it('staff add refuses a member who already has a password, and ids the policy file lacks', async () => {
    const again = await staff(['add', 'mia'], `${SECOND}\n`);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'already has a password; change it with ticketops staff passwd mia',
    );
    const ghost = await staff(['add', 'ghost'], `${SECOND}\n`);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain(
      'staff member "ghost" is not in the policy file; members are: mia, dora',
    );
    expect(await signIn(FIRST)).toMatchObject({ ok: true });
  });

  it('staff passwd refuses short and missing passwords with a clear line', async () => {
    const short = await staff(['passwd', 'mia'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/password: too short \(5 characters\); use at least 12/);
    const none = await staff(['passwd', 'mia'], '');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('password: nothing on stdin');
    expect(await signIn(FIRST)).toMatchObject({ ok: true });
  });

  it('staff passwd changes the password and ends the open sessions; revoke and list report', async () => {
    expect(await signIn(FIRST)).toMatchObject({ ok: true });
    const changed = await staff(['passwd', 'mia'], `${SECOND}\r\n`);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toMatch(
      /^password changed for mia \(agent\); \d+ open session\(s\) ended\n$/,
    );
    expect(await signIn(FIRST)).toMatchObject({ ok: false, why: 'wrong_password' });
    expect(await signIn(SECOND)).toMatchObject({ ok: true });

    const listed = await staff(['list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+roles\s+password\s+sessions$/);
    expect(lines[1]).toMatch(/^mia\s+Mia Box Office\s+agent\s+set\s+1$/);
    expect(lines[2]).toMatch(/^dora\s+Dora Door\s+door\s+NOT SET\s+0$/);

    const revoked = await staff(['revoke', 'mia']);
    expect(revoked).toMatchObject({ code: 0, stdout: '1 session(s) of mia ended\n' });
    expect((await staff(['list'])).stdout).toMatch(/\nmia\s+Mia Box Office\s+agent\s+set\s+0\n/);
  });

  it('each command is audited under the account that ran it, never with the password', async () => {
    const rows = await database.db
      .select()
      .from(auditLog)
      .where(like(auditLog.subject, 'staff:%'))
      .orderBy(auditLog.seq);
    const fromCli = rows.filter((r) => r.actor.startsWith('cli'));
    expect(fromCli.map((r) => r.action)).toEqual([
      'staff.password_added',
      'staff.password_changed',
      'staff.sessions_revoked',
    ]);
    const text = JSON.stringify(rows);
    for (const secret of [FIRST, SECOND]) expect(text).not.toContain(secret);
  });

  it('setStaffPassword checks the password before it touches the database', async () => {
    await expect(
      setStaffPassword(deps(), {
        staffId: 'dora',
        password: ' padded password ',
        mode: 'add',
        actor: 'test',
      }),
    ).rejects.toThrow(ValidationError);
    expect(await findPasswordHash(database.db, 'dora')).toBeUndefined();
  });
});
