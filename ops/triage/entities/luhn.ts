/** Luhn checksum: a 13–19 digit run that passes it is treated as a card number, never as a
 * phone (the redaction step masks it; triage must not echo it back as a "phone"). */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const looksLikeCardNumber = (digits: string): boolean =>
  digits.length >= 13 && digits.length <= 19 && isLuhnValid(digits);
