import { type DecideInput, type DecideOutcome, decideApproval } from '../approvals/index.js';
import {
  replyAsStaff,
  type StaffReplied,
  type StatusChange,
  setCaseStatus,
} from '../cases/index.js';
import type { InboundMessage } from '../channels/index.js';
import { forgetIdentity, type IngestResult, ingestMessage } from '../pipeline/index.js';
import type { HandlerDeps } from './job-handlers.js';

type CaseRef = { caseId: string } | { caseNumber: number };

/** What HTTP routes and adapters may do to the core: the use cases, each with its
 * dependencies already bound, so a route never holds the job handlers' dependency bag. */
export type UseCases = {
  ingestMessage(message: InboundMessage): Promise<IngestResult>;
  forgetIdentity(p: Parameters<typeof forgetIdentity>[1]): Promise<boolean>;
  decideApproval(input: DecideInput): Promise<DecideOutcome>;
  replyAsStaff(input: CaseRef & { staffId: string; text: string }): Promise<StaffReplied>;
  setCaseStatus(input: Parameters<typeof setCaseStatus>[1]): Promise<StatusChange>;
};

/** Binds the use cases to one set of dependencies (the runtime's). */
export function createUseCases(deps: HandlerDeps): UseCases {
  return {
    ingestMessage: (message) => ingestMessage(deps, message),
    forgetIdentity: (p) => forgetIdentity(deps.db, p),
    decideApproval: (input) => decideApproval(deps, input),
    replyAsStaff: (input) => replyAsStaff(deps, input),
    setCaseStatus: (input) => setCaseStatus(deps, input),
  };
}
