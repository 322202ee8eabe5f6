import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../../../ops/app/index.js';
import { isDemoConsole } from '../../../../ops/config/index.js';
import { type StaffAuthDeps, staffSignInOverview } from '../../../../ops/staff/index.js';
import {
  anonymousAuditLimiter,
  type ConsoleToken,
  resolveConsoleToken,
  staffApiGuard,
  staffPageGuard,
} from '../../staff-auth.js';
import { StaffSignInLimits } from '../../staff-sign-in-limits.js';
import { registerStaffApi } from './api.js';
import { registerApprovalDecisions } from './approval-decisions.js';
import { registerApprovalsPage } from './approvals.js';
import { registerAuditPage } from './audit.js';
import { registerCaseRoutes } from './case-routes.js';
import { registerStaffLogin } from './login.js';
import { registerQueuesPage } from './queues.js';

/** One line on stderr, once, when the demo's console token was generated for this run. */
export function consoleTokenNotice(url: string | undefined, token: string): string {
  const where = url ? `${url}/staff/login` : '/staff/login';
  return `Ticketops staff console (demo: no staff.members in the policy file): this run's console token is ${token}\n  sign in at ${where} (set staff.console_token to keep one across restarts; configure staff.members and run ticketops staff add for real sign-in)\n`;
}

const listenUrl = (app: FastifyInstance): string | undefined => {
  const address = app.server.address();
  return address && typeof address === 'object'
    ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
    : undefined;
};

/** The staff console: sign-in, pages under /staff and JSON under /api/staff, all behind a
 * server-side session. Returns the console token so the process (and tests) can show it. */
export function registerStaffConsole(
  app: FastifyInstance,
  runtime: Runtime,
  consoleToken: ConsoleToken = resolveConsoleToken(runtime.policy),
): ConsoleToken {
  const deps: StaffAuthDeps = { db: runtime.database.db, policy: runtime.policy };
  const limits = new StaffSignInLimits();

  app.addHook('onListen', async function () {
    if (isDemoConsole(deps.policy)) {
      // stderr, not the log, so the secret does not end up in a log pipeline.
      if (consoleToken.generated)
        process.stderr.write(consoleTokenNotice(listenUrl(this), consoleToken.token));
      return;
    }
    // After an upgrade from the shared token nobody can sign in until passwords are set:
    // say so where the operator looks, instead of leaving them to find out at the door.
    // A failed check is a log line, never a failed start.
    const overview = await staffSignInOverview(deps).catch((error: unknown) => {
      runtime.log.warn({ err: error }, 'staff console: could not check staff passwords');
      return [];
    });
    const missing = overview.filter((m) => m.passwordSet === false).map((m) => m.id);
    if (missing.length > 0) {
      runtime.log.warn(
        { members: missing },
        'staff console: members without a password cannot sign in; run ticketops staff add <id>',
      );
    }
  });

  // Encapsulated: the cookie and form parsers apply to the console's routes only.
  app.register(async (scope) => {
    await scope.register(cookie);
    await scope.register(formbody);
    registerStaffLogin(scope, { ...deps, consoleToken: consoleToken.token, limits });
    const guardDeps = { ...deps, anonymousAudits: anonymousAuditLimiter() };
    scope.register(async (pages) => {
      pages.addHook('preHandler', staffPageGuard(guardDeps));
      registerQueuesPage(pages, runtime);
      registerCaseRoutes(pages, runtime);
      registerApprovalsPage(pages, runtime);
      registerApprovalDecisions(pages, runtime);
      registerAuditPage(pages, runtime);
    });
    scope.register(async (api) => {
      api.addHook('preHandler', staffApiGuard(guardDeps));
      registerStaffApi(api, runtime);
    });
  });
  return consoleToken;
}
