import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Snippet = {
  title: string;
  text: string;
  intents: string[];
  /** `refunds.md#Refund policy`: what the reply cites */
  source: string;
  /** `default` or an event slug */
  scope: string;
};

const INTENTS_LINE = /^<!--\s*intents:\s*([^>]*?)\s*-->$/;

/** Splits one Markdown file into `## ` sections; a section without an intents line is
 * documentation for people and is not quoted. */
export function parseKnowledgeFile(markdown: string, file: string, scope: string): Snippet[] {
  const snippets: Snippet[] = [];
  const sections = markdown.split(/^## /m).slice(1);
  for (const section of sections) {
    const [heading = '', ...rest] = section.split('\n');
    const marker = rest.findIndex((line) => INTENTS_LINE.test(line.trim()));
    if (marker === -1) continue;
    const intents = INTENTS_LINE.exec(rest[marker]!.trim())![1]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const text = rest
      .slice(marker + 1)
      .join('\n')
      .trim()
      .replace(/\s*\n\s*/g, ' ');
    snippets.push({
      title: heading.trim(),
      text,
      intents,
      source: `${file}#${heading.trim()}`,
      scope,
    });
  }
  return snippets;
}

/** Reads every Markdown file under the knowledge folder: `default/` and one folder per event. */
export function loadKnowledge(root: string): Snippet[] {
  if (!existsSync(root)) return [];
  const snippets: Snippet[] = [];
  for (const scope of readdirSync(root, { withFileTypes: true })) {
    if (!scope.isDirectory()) continue;
    for (const file of readdirSync(join(root, scope.name))
      .filter((f) => f.endsWith('.md'))
      .sort()) {
      const markdown = readFileSync(join(root, scope.name, file), 'utf8');
      snippets.push(...parseKnowledgeFile(markdown, file, scope.name));
    }
  }
  return snippets;
}
