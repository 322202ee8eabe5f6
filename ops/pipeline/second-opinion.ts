import type { MessageRow } from '../../db/queries/conversations.js';
import { recordMessageTriage } from '../../db/queries/message-triage.js';
import { offlineCovers, refineClassification } from '../triage/index.js';
import type { PipelineDeps } from './context.js';
import { CONFIDENT } from './intent-groups.js';
import { type MessageTriage, storedTriage } from './message-triage.js';

/** Whether the LLM brain is asked about a message: when the offline brain is unsure (below the
 * confidence the pipeline acts on, where it would otherwise ask the buyer to choose) or was
 * not trained on the message's language. Asked once: an answer already taken is kept. */
export const needsSecondOpinion = (triage: MessageTriage): boolean =>
  triage.source === 'offline' && (triage.confidence < CONFIDENT || !offlineCovers(triage.language));

/** The triage job's classification step when an LLM brain is configured: the LLM's valid
 * answer replaces the offline intent for the messages that need it, and is written back to
 * the message (a retried job reuses it, staff see it). Any failure keeps the offline result:
 * the buyer gets the answer they would have had without the LLM. The LLM sees the stored
 * text, with card data removed and contacts masked as policy says. */
export async function withSecondOpinion(
  deps: PipelineDeps,
  message: MessageRow,
  offline: MessageTriage,
): Promise<MessageTriage> {
  if (!deps.llm || !needsSecondOpinion(offline)) return offline;
  const proposal = await refineClassification(message.text, offline, deps.llm);
  if (proposal.source === 'offline') {
    const { fallbackReason: reason, detail } = proposal;
    const fields = { messageId: message.id, reason, detail };
    // Past the rate limit is expected under load, and would flood the log at warn.
    if (reason === 'busy') deps.log.debug(fields, 'triage: llm busy, offline');
    else deps.log.warn(fields, 'triage: llm failed, offline classification kept');
    return offline;
  }
  const refined: MessageTriage = { ...proposal.value, source: 'llm' };
  await recordMessageTriage(deps.db, message.id, storedTriage(refined, 'llm'));
  deps.log.debug(
    {
      messageId: message.id,
      offline: { intent: offline.intent, confidence: offline.confidence },
      llm: { intent: refined.intent, confidence: refined.confidence },
    },
    'triage: llm classification taken',
  );
  return refined;
}
