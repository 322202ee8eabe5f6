import { describe, expect, it } from 'vitest';
import { assessSeverity } from '../../../ops/triage/severity.js';

describe('severity cues', () => {
  const cases: [string, string, string][] = [
    ['threat', "If I don't get my money I'll hurt someone", 'P1'],
    ['self_harm', 'I feel suicidal about all this', 'P1'],
    ['cannot_enter', "the staff won't let me in", 'P2'],
    // Standing at the venue is a floor of P2 plus one step: P1.
    ['at_the_door', "I'm at the door with my ticket", 'P1'],
    ['event_today', 'where do I collect tickets for today?', 'P3'],
    ['double_charge', 'I was charged twice for one order', 'P2'],
    ['chargeback_threat', 'I will file a chargeback with my bank', 'P2'],
    ['legal_threat', 'my lawyer will hear about this', 'P2'],
    ['vulnerable', 'I use a wheelchair, is there step-free access?', 'P3'],
  ];
  it.each(cases)('%s', (key, text, severity) => {
    const result = assessSeverity(text, 'information_about_tickets');
    expect(result.reasons).toContain(key);
    expect(result.severity).toBe(severity);
  });

  it('matches cue words in other languages next to accented letters', () => {
    expect(assessSeverity('Je suis à l’entrée', 'checkin_problem').reasons).toContain(
      'at_the_door',
    );
    expect(assessSeverity('Ich bin völlig verzweifelt', 'get_refund').reasons).toContain(
      'vulnerable',
    );
  });

  it('at the door and cannot get in is P1', () => {
    expect(
      assessSeverity("I'm at the entrance and my ticket won't scan", 'checkin_problem').severity,
    ).toBe('P1');
  });

  it('uses the intent as a baseline when no cue fires', () => {
    expect(assessSeverity('what payment methods do you take', 'payment_methods')).toEqual({
      severity: 'P4',
      reasons: [],
    });
    expect(assessSeverity('refund please', 'get_refund').severity).toBe('P3');
    expect(assessSeverity('the scanner is broken', 'checkin_problem').severity).toBe('P2');
  });
});

describe('severity context', () => {
  it('vip and member tiers raise one step, never above P1', () => {
    expect(assessSeverity('refund please', 'get_refund', { tier: 'vip' })).toEqual({
      severity: 'P2',
      reasons: ['tier_vip'],
    });
    expect(assessSeverity('refund please', 'get_refund', { tier: 'member' }).severity).toBe('P2');
    expect(assessSeverity('refund please', 'get_refund', { tier: 'standard' }).severity).toBe('P3');
    expect(assessSeverity("I'll hurt you", 'out_of_scope', { tier: 'vip' }).severity).toBe('P1');
  });

  it('an event starting soon raises one step, once with "tonight"', () => {
    const now = new Date('2025-05-14T10:00:00Z');
    const soon = { now, eventStartsAt: new Date('2025-05-14T19:00:00Z') };
    expect(assessSeverity('refund please', 'get_refund', soon)).toEqual({
      severity: 'P2',
      reasons: ['event_imminent'],
    });
    expect(assessSeverity('refund for tonight please', 'get_refund', soon).severity).toBe('P2');
    const later = { now, eventStartsAt: new Date('2025-06-14T19:00:00Z') };
    expect(assessSeverity('refund please', 'get_refund', later).severity).toBe('P3');
  });
});
