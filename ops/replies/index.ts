/** What the bot says: reply texts per locale (English ships; translations register a
 * catalog), money as the buyer reads it, and the outbox that stores a reply and hands it to
 * its channel. */
export { formatMoney } from './format-money.js';
export {
  type OutgoingMessage,
  sendStoredReplies,
  storeBuyerReply,
  storeOutgoing,
} from './outbox.js';
export * from './translate.js';
