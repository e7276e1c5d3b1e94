// Cleanup rules for scraped articles: whole lines of page furniture that are
// not the article ("SEE ALSO: …", "Click to Read More", "Leave a Reply",
// "Sponsored Stories", share prompts, photo captions and credits, copyright
// lines). Rules only ever remove whole lines, the user sees every line before
// it goes, and the original file is kept.
import { QuireError } from '../../../shared/errors.ts';

export interface CleanupRule {
  id: string;
  label: string;
  /** True for a line (trimmed, never empty) this rule removes. */
  matches(line: string): boolean;
}

const anyOf =
  (...patterns: RegExp[]) =>
  (line: string) =>
    patterns.some((p) => p.test(line));

export const CLEANUP_RULES: readonly CleanupRule[] = [
  {
    id: 'see-also',
    label: 'Links to other stories (“SEE ALSO: …”, “Read more: …”, “Related: …”)',
    matches: anyOf(/^(see also|read more|related|recommended|more on this story|also read)\s*:/i),
  },
  {
    id: 'prompts',
    label: 'Reading prompts (“Click to Read More”, “Continue reading”, “Click to Hide”)',
    matches: anyOf(
      /^click (here )?to\b/i,
      /^(continue reading|read more|show more|view comments|load more)\b.{0,40}$/i,
      /^click here for reprint permission/i,
      // Page controls left as text: “Text size”, “+”, “−”, “reset”, “[+] Enlarge”.
      /^(text size|font size|reset|[+−–-]|\[\+\]\s*enlarge|enlarge( this)?( image| photo)?)$/i,
      /^(subscribe|sign up)\b.{0,60}\b(newsletters?|updates|alerts)\b.{0,20}$/i,
    ),
  },
  {
    id: 'media',
    label: 'Labels of videos, galleries and highlights (“Video: …”, “STORY HIGHLIGHTS”)',
    matches: anyOf(
      /^(video|watch|photos|gallery|listen|audio|slideshow)\s*:\s*.{1,120}$/i,
      /^(story highlights|key points|top stories|most popular|trending now)$/i,
    ),
  },
  {
    id: 'timestamps',
    label: 'Time stamps (“Published August 14, 2010”, “Updated: … 5:02 PM ET”)',
    matches: anyOf(/^(published|updated|posted|last updated|first published)\b\s*:?\s*(on\s+)?.{0,40}\d{4}.{0,25}$/i),
  },
  {
    id: 'comments',
    label: 'Comment forms and policies (“Leave a Reply”, “Your email address will not be published…”)',
    matches: anyOf(
      /^leave a (reply|comment)\b.{0,20}$/i,
      /^your email address will not be published/i,
      /^please read our comment policy/i,
      /^required fields are marked/i,
      /^(post a comment|add a comment|\d+ comments?|comments? \(\d+\))$/i,
    ),
  },
  {
    id: 'sponsored',
    label: 'Advertising (“Sponsored Stories”, “Advertisement”)',
    matches: anyOf(
      /^(sponsored( stories| content| links)?|advertisement|promoted( stories)?|paid content|partner content)$/i,
    ),
  },
  {
    id: 'share',
    label: 'Share buttons (“Share on Facebook”, “Tweet”, “Email”)',
    matches: anyOf(
      /^(share|tweet|e-?mail|print|recommend|copy link|whatsapp|facebook|twitter|linkedin|telegram|reddit|pinterest|messenger)$/i,
      /^share (this|on|via)\b.{0,40}$/i,
      /^follow (us|@\w+) on\b.{0,40}$/i,
    ),
  },
  {
    id: 'captions',
    label: 'Photo captions and credits (a line ending “Photo: …”, “Getty Images”, …)',
    matches: anyOf(
      // A caption's last sentence is its credit: “… Photo: AFP / Mikhail Klimentyev” (a name, no full stop).
      /(^|[.!?)”]\s+)(photo|photograph|image|picture|credit)s?\s*:\s*[^:]{2,60}(?<![.!?])$/i,
      /^(photo|image|credit)\s*:/i,
      /\((photo|image|credit)\s*:[^)]{2,80}\)\s*$/i,
      /[/|]\s*(getty images|reuters|afp|ap photo|epa|shutterstock)\s*$/i,
    ),
  },
  {
    id: 'copyright',
    label: 'Copyright lines (“Copyright © 2023 …”)',
    matches: anyOf(/^(copyright\s*)?©\s*\d{4}/i, /^copyright \d{4}\b/i, /^all rights reserved\.?$/i),
  },
  {
    id: 'contact',
    label: 'Contact lines (“… can be reached at …”, “Follow … on Twitter”)',
    matches: anyOf(
      /^[•*-]?\s*[\p{L} .'-]{2,60} can be (reached|contacted) at\b/iu,
      /^[•*-]?\s*follow [\p{L} .'-]{2,60} on (twitter|x|facebook|instagram)\b/iu,
    ),
  },
];

export interface RemovedLine {
  /** 1-based line number in the text before cleanup. */
  line: number;
  text: string;
  rule: string;
}

export interface Cleaned {
  text: string;
  removed: RemovedLine[];
}

/**
 * The rules with these ids (every rule when no list is given; none for an
 * empty list, as when the user unticks them all). An unknown id is the
 * user's mistake: the message lists the rules there are.
 */
export function cleanupRules(ids?: readonly string[]): readonly CleanupRule[] {
  if (!ids) return CLEANUP_RULES;
  const unknown = ids.filter((id) => !CLEANUP_RULES.some((r) => r.id === id));
  if (unknown.length) {
    throw new QuireError(
      'invalid_input',
      `There is no cleanup rule “${unknown.join('”, “')}”. The rules are:\n${CLEANUP_RULES.map((r) => `  ${r.id.padEnd(11)} ${r.label}`).join('\n')}`,
    );
  }
  return CLEANUP_RULES.filter((r) => ids.includes(r.id));
}

/** Longer lines are prose, never furniture: no rule looks at them. */
const MAX_FURNITURE_LINE = 400;

/**
 * Removes the lines the chosen rules match (all rules when none are named).
 * A removed line takes its line break with it; blank lines left doubled by a
 * removal collapse to one, so paragraphs keep their spacing.
 */
export function cleanText(text: string, ruleIds?: readonly string[]): Cleaned {
  const rules = cleanupRules(ruleIds);
  const lines = text.split('\n');
  const removed: RemovedLine[] = [];
  const kept: string[] = [];
  for (const [i, line] of lines.entries()) {
    const trimmed = line.trim();
    const rule = trimmed && trimmed.length <= MAX_FURNITURE_LINE ? rules.find((r) => r.matches(trimmed)) : undefined;
    if (rule) {
      removed.push({ line: i + 1, text: trimmed, rule: rule.id });
      continue;
    }
    // Two blank lines where a removed line stood between them: keep one.
    if (!trimmed && kept.length && !kept.at(-1)!.trim() && removed.at(-1)?.line === i) continue;
    kept.push(line);
  }
  if (!removed.length) return { text, removed };
  // What is left starts and ends as the text did: no blank lines gained at the edges.
  while (kept.length > 1 && !kept[0]!.trim() && text.split('\n', 1)[0]!.trim()) kept.shift();
  return { text: kept.join('\n'), removed };
}
