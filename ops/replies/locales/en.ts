/** English replies, the catalog every other locale falls back to. Keys are stable ids the
 * pipeline uses; `{name}` placeholders are filled by `t()` and typed from the text itself,
 * so a reply that forgets a parameter does not compile. Keep replies short: channels cap
 * message length, and buyers read on phones. */
export const en = {
  greeting: 'Hi! I can help with tickets, orders, refunds and event information.',
  ask_order_code:
    'Could you send me your order code? It looks like ORD-7F3K2 and is in your confirmation email.',
  ask_email: 'To protect your order, please send the email address you used when buying.',
  ask_order_code_and_email:
    'To look up your order, please send your order code (like ORD-7F3K2) and the email address you used when buying.',
  verification_failed:
    "That order code and email address don't match our records. Please check both and try again.",
  verification_locked:
    'Too many attempts to verify this order. For your security, a member of our team will take it from here.',
  order_not_found: "I couldn't find an order with the code {orderCode}. Could you check it?",
  clarify_intent: 'Just to be sure: would you like to {first}, or {second}?',
  handed_to_human: "I've passed this to our team. A person will reply here {eta}.",
  case_opened: "I've opened case #{caseNumber} for you. We aim to reply within {sla}.",
  case_updated: "Thanks, I've added that to case #{caseNumber}.",
  refund_pending_approval:
    "Your refund request for order {orderCode} ({amount}) is with our team for approval. I'll let you know here as soon as it's decided.",
  refund_approved:
    'Your refund of {amount} for order {orderCode} is on its way. Banks usually take 5–10 days to show it.',
  refund_processing:
    "Your refund of {amount} for order {orderCode} is approved and with the bank now. I'll confirm here as soon as the bank completes it.",
  refund_completed:
    'Your refund of {amount} for order {orderCode} has gone through. Banks usually take 5–10 days to show it.',
  refund_failed:
    'The bank could not complete your refund of {amount} for order {orderCode}. Nothing is lost: a person from our team will follow up here.',
  refund_rejected:
    "We can't refund order {orderCode}: {reason}. Reply here if you'd like a person to look again.",
  refund_not_eligible:
    "Order {orderCode} can't be refunded: {reason}. Reply here if you'd like a person to look again.",
  refund_status: 'Order {orderCode}: {refunded} of {total} has been refunded so far. {pending}',
  refund_status_pending: 'A refund request is waiting for approval by our team.',
  order_tickets_summary:
    'Order {orderCode} for {eventName} has {count} valid ticket(s), sent to {email}.',
  knowledge_answer: '{answer}\n\n(Source: {source})',
  order_edit_pending_approval:
    "Your change to order {orderCode} is with our team for approval. I'll confirm here once it is done.",
  ask_holder_name:
    'Which name should the ticket on order {orderCode} carry? Reply with the full name, as on the ID the holder will bring.',
  ask_holder_name_again:
    "I couldn't read a name there. Please reply with just the full name for the ticket on order {orderCode}.",
  holder_name_unclear:
    'I still could not read a name, so I have left the ticket as it is. Type "agent" and a person will change it for you.',
  refund_automatic:
    'Your refund of {amount} for order {orderCode} is within our refund policy, so I am sending it now. I will confirm here in a moment.',
  order_edit_done: 'Done: order {orderCode} has been updated.',
  refund_approved_manual:
    'Your refund of {amount} for order {orderCode} has been approved. Our team pays it out by hand and will confirm here once it is sent.',
  order_edit_rejected:
    "We can't make that change to order {orderCode}: {reason}. Reply here if you'd like a person to look again.",
  approval_follow_up:
    "We couldn't complete your request for order {orderCode} automatically. A person from our team will follow up here.",
  upgrade_payment_link:
    'Your upgrade to {ticketType} on order {orderCode} is approved. It costs {amount} more: pay here and your ticket switches as soon as the payment arrives. {url}',
  upgrade_done:
    'Done: your ticket on order {orderCode} is now {ticketType}. Your ticket code stays the same.',
  upgrade_needs_staff:
    "We received your upgrade payment for order {orderCode}, but we couldn't change the ticket automatically. A person from our team will follow up here and refund it if the upgrade can't be made.",
  tickets_resent: "I've sent your tickets again to the email address on order {orderCode}.",
  checkin_incident_opened:
    'Door staff have been told about this ({incidentNumber}). Please stay where you are; someone will come to you.',
  rate_limited:
    "You're sending messages faster than we can answer. Please wait {seconds} seconds and try again.",
  unsupported_attachment:
    "I can't read {kind} attachments here. Please describe the problem in a message, or send a screenshot.",
  out_of_scope:
    'I\'m the ticket assistant for {organizer}, so I can only help with tickets, orders, refunds and events. Type "agent" to reach a person.',
  temporary_error: 'Something went wrong on our side. Please try again in a few minutes.',
  'intent.buy_ticket': 'buy tickets',
  'intent.sell_ticket': 'sell a ticket',
  'intent.pay': 'pay for an order',
  'intent.payment_methods': 'know which payment methods we accept',
  'intent.report_payment_issue': 'report a problem with a payment',
  'intent.cancel_ticket': 'cancel a ticket',
  'intent.track_cancellation': 'check on a cancellation',
  'intent.check_cancellation_fee': 'know the cancellation fee',
  'intent.check_cancellation_policy': 'read the cancellation policy',
  'intent.get_refund': 'get a refund',
  'intent.track_refund': 'check on a refund',
  'intent.check_refund_policy': 'read the refund policy',
  'intent.transfer_ticket': 'transfer a ticket to someone else',
  'intent.upgrade_ticket': 'upgrade a ticket',
  'intent.change_personal_details_on_ticket': 'change the name or details on a ticket',
  'intent.find_ticket': 'find your tickets',
  'intent.delivery_options': 'know how tickets are delivered',
  'intent.delivery_period': 'know when your tickets will arrive',
  'intent.information_about_tickets': 'know more about the tickets',
  'intent.information_about_type_events': 'know more about the kinds of events',
  'intent.find_upcoming_events': 'find upcoming events',
  'intent.event_organizer': 'contact the event organizer',
  'intent.check_privacy_policy': 'read the privacy policy',
  'intent.customer_service': 'reach customer service',
  'intent.human_agent': 'talk to a person',
  'intent.checkin_problem': 'sort out a problem getting in',
  'intent.out_of_scope': 'ask about something else',
} as const;
