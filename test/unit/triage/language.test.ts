import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../ops/triage/language.js';

describe('language', () => {
  it.each([
    ['en', 'I want to get a refund for my ticket please'],
    ['de', 'Ich möchte mein Geld für die Karte zurück haben'],
    ['fr', 'Bonjour, je voudrais un remboursement pour mon billet'],
    ['es', 'Hola, quiero cambiar el nombre de mi entrada'],
    ['it', 'Ciao, voglio un rimborso per il mio biglietto'],
    ['nl', 'Ik wil mijn kaartje voor het concert annuleren'],
    ['pt', 'Olá, eu quero cancelar o meu bilhete, não posso ir'],
    ['ja', 'チケットを払い戻したいです'],
    ['ar', 'أريد استرداد ثمن التذكرة'],
  ])('%s', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('answers und for too little to go on', () => {
    for (const text of ['', '   ', '12345', '😀', 'ok', 'ORD-7F3K2'])
      expect(detectLanguage(text)).toBe('und');
  });
});
