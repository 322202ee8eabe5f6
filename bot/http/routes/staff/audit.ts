import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditPage } from '../../../../db/queries/staff-console.js';
import type { Runtime } from '../../../../ops/app/index.js';
import { auditTable } from './case-page.js';
import { staffPage, viewerOf } from './layout.js';

const PAGE_SIZE = 50;
const before = z.coerce.number().int().positive().optional().catch(undefined);

/** `/staff/audit`: the latest audit rows, newest first, paged by sequence number (stable
 * while new rows arrive, unlike an offset). */
export function registerAuditPage(app: FastifyInstance, runtime: Runtime) {
  app.get(
    '/staff/audit',
    async (request: FastifyRequest<{ Querystring: { before?: string } }>, reply) => {
      const cursor = before.parse(request.query.before);
      const rows = await auditPage(runtime.database.db, { before: cursor, size: PAGE_SIZE });
      const last = rows[rows.length - 1];
      const older =
        rows.length === PAGE_SIZE && last
          ? `<a href="/staff/audit?before=${last.seq}">Older →</a>`
          : '';
      const newer = cursor ? '<a href="/staff/audit">← Latest</a>' : '';
      const pager = `<p class="actions">${newer} ${older}</p>`;
      return reply.type('text/html; charset=utf-8').send(
        staffPage({
          title: 'Audit log',
          viewer: viewerOf(request),
          here: '/staff/audit',
          body: `${auditTable(rows)}${pager}<p class="muted">Rows are hash-chained: <code>ticketops audit verify</code> checks nobody edited them.</p>`,
        }),
      );
    },
  );
}
