import type { Readable, Writable } from 'node:stream';
import { ValidationError } from '../../ops/errors.js';

type Input = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** The first line of a piped stdin (`echo "$PW" | ticketops staff passwd mia`), without its
 * line ending. Scripts and secret stores pipe; nothing lands in shell history or `ps`. */
async function firstLine(input: Readable): Promise<string> {
  input.setEncoding('utf8');
  let text = '';
  for await (const chunk of input) {
    text += chunk as string;
    if (text.includes('\n')) break;
  }
  return (text.split('\n')[0] ?? '').replace(/\r$/, '');
}

/** Reads one line from a terminal in raw mode, echoing nothing. Ctrl-C cancels. */
function promptHidden(input: Input, output: Writable, prompt: string): Promise<string> {
  output.write(prompt);
  input.setRawMode!(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new ValidationError('password: cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** A new password for `ticketops staff add | passwd`: prompted twice without echo on a
 * terminal, otherwise the first line of stdin. Empty input is a ValidationError saying how
 * to give one; length rules are checked by the use case, not here. */
export async function readNewPassword(
  input: Input,
  output: Writable,
  staffId: string,
): Promise<string> {
  if (input.isTTY && input.setRawMode) {
    const first = await promptHidden(input, output, `New password for ${staffId}: `);
    const again = await promptHidden(input, output, 'Repeat it: ');
    if (first !== again)
      throw new ValidationError('password: the two entries differ; nothing changed');
    return first;
  }
  const line = await firstLine(input);
  if (line === '') {
    throw new ValidationError(
      'password: nothing on stdin; pipe it as the first line, or run in a terminal to be prompted',
    );
  }
  return line;
}
