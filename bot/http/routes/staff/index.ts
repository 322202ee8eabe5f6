import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../../../ops/runtime.js';
import {
  type ConsoleToken,
  resolveConsoleToken,
  SignInLimiter,
  StaffSessions,
  staffApiGuard,
  staffPageGuard,
} from '../../staff-auth.js';
import { registerStaffApi } from './api.js';
import { registerApprovalDecisions } from './approval-decisions.js';
import { registerApprovalsPage } from './approvals.js';
import { registerAuditPage } from './audit.js';
import { registerCaseRoutes } from './case-routes.js';
import { registerStaffLogin } from './login.js';
import { registerQueuesPage } from './queues.js';

/** One line on stderr, once, when the console token was generated for this run. */
export function consoleTokenNotice(url: string | undefined, token: string): string {
  const where = url ? `${url}/staff/login` : '/staff/login';
  return `Ticketops staff console: no staff.console_token in the policy file, so this run uses the token ${token}\n  sign in at ${where} (set staff.console_token to keep one across restarts)\n`;
}

/** The staff console: sign-in, pages under /staff and JSON under /api/staff, all behind a
 * signed session cookie. Returns the token so the process (and tests) can show it. */
export function registerStaffConsole(
  app: FastifyInstance,
  runtime: Runtime,
  consoleToken: ConsoleToken = resolveConsoleToken(runtime.policy),
): ConsoleToken {
  const sessions = new StaffSessions(consoleToken.token);
  const limiter = new SignInLimiter();

  if (consoleToken.generated) {
    // After listen, so the line can name the address; stderr, not the log, so the secret
    // does not end up in a log pipeline.
    app.addHook('onListen', async function () {
      const address = this.server.address();
      const url =
        address && typeof address === 'object'
          ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
          : undefined;
      process.stderr.write(consoleTokenNotice(url, consoleToken.token));
    });
  }

  // Encapsulated: the cookie and form parsers apply to the console's routes only.
  app.register(async (scope) => {
    await scope.register(cookie);
    await scope.register(formbody);
    registerStaffLogin(scope, {
      policy: runtime.policy,
      token: consoleToken.token,
      sessions,
      limiter,
    });
    scope.register(async (pages) => {
      pages.addHook('preHandler', staffPageGuard(sessions));
      registerQueuesPage(pages, runtime);
      registerCaseRoutes(pages, runtime);
      registerApprovalsPage(pages, runtime);
      registerApprovalDecisions(pages, runtime);
      registerAuditPage(pages, runtime);
    });
    scope.register(async (api) => {
      api.addHook('preHandler', staffApiGuard(sessions));
      registerStaffApi(api, runtime);
    });
  });
  return consoleToken;
}
