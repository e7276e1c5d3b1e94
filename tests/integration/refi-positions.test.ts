// Importing REFI-QDA files whose positions each program counts its own way:
// every coding must land on its passage, the reading must be decided per
// source from the file's own evidence, and codings whose place the file does
// not settle must be named in the preview and the import report.
import { describe, expect, it } from 'vitest';
import { coderId } from '../../src/main/core/coding/coders.ts';
import { call } from '../../src/main/core/engine.ts';
import { importRefiQda } from '../../src/main/core/exchange/import.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { createTestProject } from '../helpers/project.ts';
import {
  ATLAS_TI,
  MAXQDA,
  NVIVO_MAC,
  NVIVO_WINDOWS,
  QUALCODER,
  QUALCODER_FOR_MAXQDA,
  QUALCODER_REEXPORT,
  qdpxOf,
  type Convention,
  type Passage,
  type Source,
} from '../helpers/qda-programs.ts';

// An interview as NVivo users code them: emoji, a flag (two code points, four UTF-16 units), bold mathematical
// letters and a CJK extension B character (outside the BMP), a decomposed é (e + U+0301), line breaks.
const INTERVIEW = `Interviewer: When did you first hear about the protests in Minsk?
Olga: On Telegram 📱, the night of the election. My brother sent a video 🎥 with the crowds at the Stela.
Interviewer: How did you feel?
Olga: Scared 😟 but proud. People were singing, grandmothers brought tea ☕ and bread.
Interviewer: Did you go yourself?
Olga: Twice. The second time the OMON came 🚔🚔 and we ran into a courtyard. A woman opened her door for us 🙏.
Interviewer: What did you see on the Sunday march?
Olga: Flags everywhere 🇧🇾 — the white-red-white ones, not the official ones. Someone wrote 𝐅𝐑𝐄𝐄𝐃𝐎𝐌 on a banner in those bold letters people copy from the internet.
Interviewer: And your family?
Olga: My grandfather Jose\u0301 — yes, Jose\u0301, his mother was Spanish — said he had never seen anything like it 👴. My aunt in Taipei sent a message with the character 𠀋 that I could not read 🤷.
Interviewer: Thank you.
`;

const INTERVIEW_PASSAGES: Passage[] = [
  { quote: 'On Telegram 📱, the night of the election.', code: 'Information' },
  { quote: 'My brother sent a video 🎥 with the crowds at the Stela.', code: 'Information' },
  { quote: 'Scared 😟 but proud.', code: 'Emotions' },
  { quote: 'grandmothers brought tea ☕ and bread', code: 'Solidarity' },
  {
    quote:
      'Olga: Twice. The second time the OMON came 🚔🚔 and we ran into a courtyard. A woman opened her door for us 🙏.\n',
    code: 'Police',
  },
  { quote: 'A woman opened her door for us 🙏.', code: 'Solidarity' },
  { quote: 'Flags everywhere 🇧🇾', code: 'Symbols' },
  { quote: 'the white-red-white ones', code: 'Symbols' },
  { quote: 'Someone wrote 𝐅𝐑𝐄𝐄𝐃𝐎𝐌 on a banner', code: 'Symbols' },
  { quote: 'My grandfather Jose\u0301', code: 'Family' },
  { quote: 'he had never seen anything like it 👴.', code: 'Family' },
  { quote: 'My aunt in Taipei sent a message with the character 𠀋 that I could not read 🤷.', code: 'Family' },
  // A hasty selection that starts inside a word: people make a few.
  { quote: 'other sent a video', code: 'Emotions' },
];

// A field note with long passages, as ATLAS.ti names them (the quote, cut after 100 characters with "…").
const FIELD_NOTE = `Field note, 9 August 🗳️
Polling station 17 closed at eight. The observers 👀 were not allowed to see the count, and the chair of the commission told them to wait in the corridor for "technical reasons".
Outside, about two hundred people waited in the rain ☔ with their phones raised 📱📱, filming the windows.
At 23:40 the result was posted on the door: 80 percent for the incumbent. Nobody believed it 🤨.
`;

const FIELD_NOTE_PASSAGES: Passage[] = [
  {
    quote:
      'The observers 👀 were not allowed to see the count, and the chair of the commission told them to wait in the corridor for "technical reasons".',
    code: 'Irregularities',
  },
  {
    quote: 'about two hundred people waited in the rain ☔ with their phones raised 📱📱, filming the windows.',
    code: 'Crowds',
  },
  { quote: 'Nobody believed it 🤨.', code: 'Distrust' },
  { quote: '80 percent for the incumbent', code: 'Results' },
];

/** What the coder meant: the passage's text as Quire stores it (NFC, LF). */
const meant = (p: Passage) => p.quote.normalize('NFC');

async function importFile(bytes: Uint8Array, name = 'fieldwork.qdpx') {
  const p = await createTestProject({ seeds: false });
  const report = await importRefiQda(p.db, coderId(p.db, 'importer'), { name, bytes });
  return { p, report };
}

/** Every coding as "document / code: quote", in the documents' order. */
async function codings(p: ProjectHandle): Promise<string[]> {
  const codes = (await call(p, 'getCodebook', {})).codes;
  const out: string[] = [];
  for (const d of (await call(p, 'listDocuments', { sort: 'title' })).documents) {
    for (const k of await call(p, 'listCodings', { documentId: d.id }))
      out.push(`${d.displayTitle} / ${codes.find((c) => c.id === k.codeId)!.name}: ${k.quote}`);
  }
  return out.sort();
}

const expected = (sources: readonly Source[]) =>
  sources.flatMap((s) => s.passages.map((p) => `${s.name} / ${p.code}: ${meant(p)}`)).sort();
const source = (convention: Convention, name: string, text: string, passages: Passage[]): Source => ({
  convention,
  name,
  text,
  passages,
});

describe('positions as each program counts them', () => {
  it('NVivo for Windows (UTF-16 units, CRLF as two, a BOM, no quotes): every coding on its passage, and the report says how it knew', async () => {
    const sources = [source(NVIVO_WINDOWS, 'Interview 3', INTERVIEW, INTERVIEW_PASSAGES)];
    const { p, report } = await importFile(qdpxOf(sources));
    expect(await codings(p)).toEqual(expected(sources));
    expect(report.uncertain).toEqual([]);
    expect(report.notes).toContain(
      '“Interview 3”: its positions count UTF-16 units (an emoji as two), as 12 of its 13 selections that depend on it show (they start and end at word boundaries only that way); Quire converted them.',
    );
  });

  it('NVivo for Mac, ATLAS.ti, MAXQDA and QualCoder files each land on their passages', async () => {
    for (const [convention, text, passages] of [
      [NVIVO_MAC, INTERVIEW, INTERVIEW_PASSAGES],
      [ATLAS_TI, FIELD_NOTE, FIELD_NOTE_PASSAGES],
      [ATLAS_TI, INTERVIEW, INTERVIEW_PASSAGES],
      [MAXQDA, INTERVIEW, INTERVIEW_PASSAGES],
      [QUALCODER, FIELD_NOTE, FIELD_NOTE_PASSAGES],
      [QUALCODER_FOR_MAXQDA, INTERVIEW, INTERVIEW_PASSAGES],
      [QUALCODER_REEXPORT, INTERVIEW, INTERVIEW_PASSAGES],
    ] as const) {
      const sources = [source(convention, 'Text', text, [...passages])];
      const { p, report } = await importFile(qdpxOf(sources));
      expect({ origin: convention.origin, codings: await codings(p) }).toEqual({
        origin: convention.origin,
        codings: expected(sources),
      });
      expect({ origin: convention.origin, uncertain: report.uncertain }).toEqual({
        origin: convention.origin,
        uncertain: [],
      });
    }
  });
});

// Scores read out in a panel: single digits after two emoji. Read in UTF-16 units or in code points, each
// selection falls on a digit all the same: nothing in the file tells the readings apart.
const SCORES = `Panel scores 🙂🙂 for the three speeches:
Speech 1: 4 5 3
Speech 2: 2 2 5
`;

describe('deciding per source, and saying what is uncertain', () => {
  it('decides each source of one file by its own selections', async () => {
    const sources = [
      source(NVIVO_WINDOWS, 'Interview 3', INTERVIEW, INTERVIEW_PASSAGES),
      source(QUALCODER_REEXPORT, 'Field note', FIELD_NOTE, FIELD_NOTE_PASSAGES),
      source(
        MAXQDA,
        'Interview 4',
        INTERVIEW.replace('Thank you.', 'Thank you, Olga.'),
        INTERVIEW_PASSAGES.slice(0, 6),
      ),
    ];
    const { p, report } = await importFile(qdpxOf(sources));
    expect(await codings(p)).toEqual(expected(sources));
    const said = report.notes.filter((n) => n.includes('its positions count'));
    expect(said).toEqual([
      expect.stringMatching(/^“Interview 3”: its positions count UTF-16 units \(an emoji as two\), as/),
      expect.stringMatching(
        /^“Field note”: its positions count the byte order mark at its start as a character, as 4 of its 4 selections that depend on it show \(their names quote/,
      ),
      expect.stringMatching(
        /^“Interview 4”: its positions count UTF-16 units \(an emoji as two\) and each Windows line break \(CRLF\) as one character, as/,
      ),
    ]);
    expect(report.uncertain).toEqual([]);
  });

  it('imports a source whose file does not show how it counted, names the codings that depend on it, already in the preview', async () => {
    const scores: Passage[] = [
      { quote: 'Panel scores', code: 'Topic' },
      { quote: '5', after: 'Speech 1: ', code: 'Score' },
      { quote: '2', after: 'Speech 2: ', code: 'Score' },
    ];
    const sources = [
      source(NVIVO_MAC, 'Scores', SCORES, scores),
      source(NVIVO_MAC, 'Interview 3', INTERVIEW, INTERVIEW_PASSAGES),
    ];
    const bytes = qdpxOf(sources);
    const p = await createTestProject({ seeds: false });
    const upload = { name: 'panel.qdpx', base64: Buffer.from(bytes).toString('base64') };
    const note =
      '“Scores”: 2 codings may sit a few characters off their passage: nothing in the file shows how it counted emoji, so Quire placed them as the standard says (counting code points). Check them (listed under “Codings to check”).';
    // Placed as the standard says, the two scores fall two digits on: the list shows them as placed, for the user to check.
    const uncertain = [
      {
        document: 'Scores',
        code: 'Score',
        coder: 'Sam',
        before: 'ches: Speech 1: 4 5 ',
        quote: '3',
        after: ' Speech 2: 2 2 5',
      },
      { document: 'Scores', code: 'Score', coder: 'Sam', before: ': 4 5 3 Speech 2: 2 ', quote: '2', after: ' 5' },
    ];
    const preview = await call(p, 'previewMerge', { upload });
    expect(preview.uncertain).toEqual(uncertain);
    expect(preview.notes).toContain(note);
    expect(p.db.prepare('SELECT count(*) FROM codings').pluck().get()).toBe(0);
    const report = await call(p, 'importRefiQda', { upload });
    expect(report.uncertain).toEqual(uncertain);
    expect(report.notes).toContain(note);
    // The passage before the emoji is placed the same whichever way: it is not listed; the interview was decided.
    expect((await codings(p)).filter((k) => k.startsWith('Scores'))).toEqual([
      'Scores / Score: 2',
      'Scores / Score: 3',
      'Scores / Topic: Panel scores',
    ]);
    expect(report.notes.some((n) => n.startsWith('“Interview 3”: its positions count UTF-16 units'))).toBe(true);
  });

  it('does not decide on selections too hasty to show word boundaries, and lists the codings that depend on it', async () => {
    // Half the selections start inside a word: the reading that fits best fits too few of them to be sure.
    const hasty = INTERVIEW_PASSAGES.map((k, i) => (i % 2 ? { ...k, quote: k.quote.slice(2) } : k));
    const sources = [source(NVIVO_WINDOWS, 'Interview 5', INTERVIEW, hasty)];
    const { p, report } = await importFile(qdpxOf(sources));
    // Still placed by the reading that fits best, which is the right one…
    expect(await codings(p)).toEqual(expected(sources));
    // …but not said to be sure: every coding that another reading would place elsewhere is listed.
    expect(report.uncertain.length).toBeGreaterThanOrEqual(12);
    expect(report.uncertain).toContainEqual({
      document: 'Interview 5',
      code: 'Emotions',
      coder: 'Sam',
      before: 'did you feel? Olga: ',
      quote: 'Scared 😟 but proud.',
      after: ' People were singing',
    });
    expect(report.notes).toContainEqual(
      expect.stringMatching(
        /^“Interview 5”: \d+ codings may sit a few characters off their passage: its selections do not show clearly how it counted emoji, Windows line breaks or the byte order mark at its start, so Quire placed them counting UTF-16 units \(an emoji as two\)\./,
      ),
    );
  });
});
