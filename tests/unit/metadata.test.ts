import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivedTitle, extractMetadata, type TextMetadata } from '../../src/main/core/corpus/metadata.ts';
import { shortenAtWord } from '../../src/shared/text.ts';
import { normaliseText } from '../../src/main/core/corpus/normalise.ts';

const NONE: TextMetadata = { title: null, author: null, published: null, source: null, url: null };

function seed(name: string): TextMetadata {
  const text = readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
  return extractMetadata(normaliseText(text));
}

const meta = (text: string): TextMetadata => extractMetadata(normaliseText(text));
const BODY =
  'Belarus has allowed Russian troops to use its territory, but has not sent its own army into Ukraine.\n\n' +
  'Officials in Minsk say the country will not be drawn into the war, whatever Moscow asks of it.';

describe('extractMetadata on the seed articles', () => {
  it('000: photo caption first, contributor note last', () => {
    expect(seed('000_7711b91fd1944c02.txt')).toEqual({ ...NONE, author: 'Nikola Mikovic' });
  });

  it('001: starts with a long sentence, carries nothing', () => {
    expect(seed('001_b5026d01219ff992.txt')).toEqual(NONE);
  });

  it('002: outlet and date header, "can be reached" note, copyright line', () => {
    expect(seed('002_c202183df8046a46.txt')).toEqual({
      ...NONE,
      source: 'The Washington Times',
      published: '2022-12-19',
      author: 'Mike Glenn',
    });
  });

  it('003: a headline', () => {
    expect(seed('003_29810c2c97c00281.txt')).toEqual({
      ...NONE,
      title: 'Putin goes to Lukashenka. Will they show where the attack was coming from?',
    });
  });

  it('004: "date … Name" line', () => {
    expect(seed('004_39d982df22f1a969.txt')).toEqual({ ...NONE, published: '2022-12-18', author: 'Andrew Higgins' });
  });
});

describe('titles', () => {
  it('takes a short first line as the headline', () => {
    expect(meta(`Putin visits Minsk as pressure grows\n\n${BODY}`).title).toBe('Putin visits Minsk as pressure grows');
    expect(meta(`Will Belarus join the war?\n${BODY}`).title).toBe('Will Belarus join the war?');
    expect(meta(`Lukashenko says no!\n\n${BODY}`).title).toBe('Lukashenko says no!');
  });

  it('takes headlines that start with a symbol or a lowercase brand', () => {
    expect(meta(`$1m payoff for former Shell boss\n\n${BODY}`).title).toBe('$1m payoff for former Shell boss');
    expect(meta(`iTunes now selling Band Aid song\n\n${BODY}`).title).toBe('iTunes now selling Band Aid song');
  });

  it('takes a markdown heading', () => {
    expect(meta(`# Belarus and the war.\n\n${BODY}`).title).toBe('Belarus and the war.');
  });

  it('rejects a first line that is a sentence ending with a full stop', () => {
    expect(meta(`Putin visited Minsk on Monday.\n\n${BODY}`).title).toBeNull();
  });

  it('rejects photo captions', () => {
    expect(meta(`Alexander Lukashenko in Minsk. Photo: AFP / Jane Roe\n\n${BODY}`).title).toBeNull();
    expect(meta(`Lukashenko and Putin in Sochi (Reuters)\n\n${BODY}`).title).toBeNull();
    expect(meta(`Putin and Lukashenko Photograph: Mikhail Klimentyev\n\n${BODY}`).title).toBeNull();
  });

  it('rejects long lines, bylines, date lines and datelines', () => {
    const long = Array.from({ length: 35 }, () => 'word').join(' ');
    expect(meta(`${long}\n\n${BODY}`).title).toBeNull();
    expect(meta(`By Jane Doe\n\n${BODY}`).title).toBeNull();
    expect(meta(`Monday, December 19, 2022\n\n${BODY}`).title).toBeNull();
    expect(meta(`WARSAW, Poland — Under mounting pressure, Putin travels to Minsk\n\n${BODY}`).title).toBeNull();
  });

  it('needs something after the headline', () => {
    expect(meta('Putin visits Minsk').title).toBeNull();
  });
});

describe('header lines with outlet, date and byline', () => {
  it('reads "- Outlet - Date"', () => {
    const m = meta(`- The Washington Times - Monday, December 19, 2022\n\n${BODY}`);
    expect(m).toEqual({ ...NONE, source: 'The Washington Times', published: '2022-12-19' });
  });

  it('accepts " | ", " — " and " · " as separators', () => {
    expect(meta(`Kyiv Post | 19 December 2022\n\n${BODY}`)).toMatchObject({
      source: 'Kyiv Post',
      published: '2022-12-19',
    });
    expect(meta(`The Moscow Times — Dec 18, 2022\n\n${BODY}`)).toMatchObject({
      source: 'The Moscow Times',
      published: '2022-12-18',
    });
    expect(meta(`By Jane Doe · 2022-12-18\n\n${BODY}`)).toMatchObject({ author: 'Jane Doe', published: '2022-12-18' });
  });

  it('reads a headline followed by a date line', () => {
    const m = meta(`Putin visits Minsk\n\nDecember 19, 2022 10:00 AM EST\n\n${BODY}`);
    expect(m).toEqual({ ...NONE, title: 'Putin visits Minsk', published: '2022-12-19' });
  });

  it('reads "date YYYY-MM-DD Name"', () => {
    expect(meta(`date 2022-12-18 Andrew Higgins\n\n${BODY}`)).toEqual({
      ...NONE,
      published: '2022-12-18',
      author: 'Andrew Higgins',
    });
  });

  it('reads labelled dates anywhere, preferring Published over Updated', () => {
    expect(meta(`${BODY}\n\nPublished: 18 December 2022`).published).toBe('2022-12-18');
    expect(meta(`${BODY}\n\nUpdated Dec 20, 2022 at 10:00 a.m.`).published).toBe('2022-12-20');
    expect(meta(`Published: Dec 18, 2022 | Updated: Dec 20, 2022\n\n${BODY}`).published).toBe('2022-12-18');
    expect(meta(`${BODY}\n\nPosted on 2022-12-17 by Jane Doe`)).toMatchObject({
      published: '2022-12-17',
      author: 'Jane Doe',
    });
  });
});

describe('bylines', () => {
  it('reads "By Jane Doe"', () => {
    expect(meta(`Putin visits Minsk\n\nBy Jane Doe\n\n${BODY}`)).toEqual({
      ...NONE,
      title: 'Putin visits Minsk',
      author: 'Jane Doe',
    });
  });

  it('reads several authors', () => {
    expect(meta(`By Jane Doe and John Roe\n\n${BODY}`).author).toBe('Jane Doe and John Roe');
    expect(meta(`By Jane Doe, John Roe and Ann Smith\n\n${BODY}`).author).toBe('Jane Doe, John Roe, and Ann Smith');
  });

  it('reads "By JANE DOE, Reuters" with the agency as source', () => {
    expect(meta(`By JANE DOE, Reuters\n\n${BODY}`)).toEqual({ ...NONE, author: 'Jane Doe', source: 'Reuters' });
  });

  it('reads "Jane Doe | Reuters"', () => {
    expect(meta(`Jane Doe | Reuters\n\n${BODY}`)).toEqual({ ...NONE, author: 'Jane Doe', source: 'Reuters' });
  });

  it('keeps particles in names', () => {
    expect(meta(`By Ursula von der Leyen\n\n${BODY}`).author).toBe('Ursula von der Leyen');
  });

  it('reads "Reporting by …; Editing by …" at the end', () => {
    expect(meta(`${BODY}\n\nReporting by Jane Doe and John Roe; Editing by Ann Smith`).author).toBe(
      'Jane Doe and John Roe',
    );
  });
});

describe('contributor notes at the end', () => {
  it('reads "— Name can be reached at …"', () => {
    expect(meta(`${BODY}\n\n— Mike Glenn can be reached at mglenn@washingtontimes.com.`).author).toBe('Mike Glenn');
    expect(meta(`${BODY}\n\n• Mike Glenn can be reached at mglenn@washingtontimes.com.`).author).toBe('Mike Glenn');
  });

  it('reads "Name is a/an <role>" in the last paragraph', () => {
    expect(meta(`${BODY}\n\nNikola Mikovic is a political analyst in Serbia. His work focuses on energy.`).author).toBe(
      'Nikola Mikovic',
    );
    expect(meta(`${BODY}\n\nJane Roe is an independent journalist based in Vilnius.`).author).toBe('Jane Roe');
  });

  it('ignores "is a" sentences without a writing role or not in the last paragraph', () => {
    expect(meta(`${BODY}\n\nAlexander Lukashenko is a close ally of the Kremlin.`).author).toBeNull();
    expect(meta(`Nikola Mikovic is a political analyst in Serbia.\n\n${BODY}`).author).toBeNull();
    expect(meta(`${BODY}\n\nHe is a journalist.`).author).toBeNull();
  });
});

describe('URL and copyright', () => {
  it('reads a URL line', () => {
    expect(meta(`${BODY}\n\nhttps://example.com/news/belarus-1`).url).toBe('https://example.com/news/belarus-1');
    expect(meta(`${BODY}\n\nSource: https://example.com/a?b=1`).url).toBe('https://example.com/a?b=1');
    expect(meta(`${BODY}\n\nOriginally published at https://example.org/x.`).url).toBe('https://example.org/x');
  });

  it('does not take a URL out of a sentence', () => {
    expect(meta(`${BODY}\n\nRead the full report at https://example.com/report and comment.`).url).toBeNull();
  });

  it('takes the outlet from a copyright line only when no other source was found', () => {
    expect(
      meta(`${BODY}\n\nCopyright © 2023 The Washington Times, LLC. Click here for reprint permission.`).source,
    ).toBe('The Washington Times');
    expect(meta(`${BODY}\n\n© 2022 Reuters. All rights reserved.`).source).toBe('Reuters');
    expect(meta(`${BODY}\n\nCopyright 2021-2023 Meduza Ltd. All rights reserved.`).source).toBe('Meduza');
    expect(meta(`By Jane Doe, Reuters\n\n${BODY}\n\nCopyright © 2023 Other Media Inc.`).source).toBe('Reuters');
  });
});

describe('nothing is invented', () => {
  it('takes no date out of body prose', () => {
    expect(
      meta(`Putin visits Minsk\n\nThe talks took place on March 11, 2022 in Minsk.\n\n${BODY}`).published,
    ).toBeNull();
    expect(meta(`The leaders met on March 11.\n\n${BODY}`).published).toBeNull();
    expect(
      meta(`Putin visits Minsk\n\nOn Monday, December 19, 2022, Putin went to Minsk.\n\n${BODY}`).published,
    ).toBeNull();
    expect(meta(`${BODY}\n\nUpdated figures from March 11, 2022 show more troops.`).published).toBeNull();
    expect(meta(`${BODY}\n\nPublished on 18 May 2022, the report said the army was not ready.`).published).toBeNull();
  });

  it('takes no outlet from a sentence about copyright', () => {
    expect(meta(`${BODY}\n\nCopyright Law Reform is what the Belarusian Parliament debated.`).source).toBeNull();
  });

  it('takes no date from a copyright line', () => {
    const m = meta(`${BODY}\n\nCopyright © 2023 The Washington Times, LLC.`);
    expect(m.published).toBeNull();
    expect(meta(`© 2023 Reuters\n\n${BODY}`).published).toBeNull();
  });

  it('takes no incomplete or ambiguous date', () => {
    expect(meta(`December 19\n\n${BODY}`).published).toBeNull();
    expect(meta(`Monday\n\n${BODY}`).published).toBeNull();
    expect(meta(`03/04/2022\n\n${BODY}`).published).toBeNull();
    expect(meta(`Published: today\n\n${BODY}`).published).toBeNull();
  });

  it('does not read "By the way, …" as a byline', () => {
    const m = meta(`By the way, the war in Ukraine is not going well for Moscow\n\n${BODY}`);
    expect(m.author).toBeNull();
    expect(meta(`By Monday Morning\n\n${BODY}`).author).toBeNull();
  });

  it('returns all null for plain prose', () => {
    expect(meta(BODY)).toEqual(NONE);
  });
});

describe('a title derived from the text, for articles without a headline', () => {
  const derived = (name: string) =>
    derivedTitle(normaliseText(readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8')));

  it('skips a photo caption, an outlet and date line, a dateline; takes the first sentence, cut at a word', () => {
    expect(derived('000_7711b91fd1944c02.txt')).toBe(
      'Belarus – Russia’s only ally in Europe – is playing a significant role in the Kremlin’s…',
    );
    expect(derived('002_c202183df8046a46.txt')).toBe(
      'Russia launched dozens of explosive-laden drones at targets in Kyiv early Monday, only…',
    );
    expect(derived('004_39d982df22f1a969.txt')).toBe(
      'Under mounting Kremlin pressure to provide more support for Russia’s war in Ukraine…',
    );
  });

  it('takes a short first line that reads like a headline whole, and a short first sentence without its full stop', () => {
    expect(derivedTitle('Lukashenko hosts Putin in Minsk\n\nThe two leaders met on Monday.')).toBe(
      'Lukashenko hosts Putin in Minsk',
    );
    expect(
      derivedTitle('The leaders met. They talked for hours about the war and what comes next for Belarus and Russia.'),
    ).toBe('The leaders met');
    expect(derivedTitle('By Jane Doe\nReuters\n')).toBeNull();
    expect(derivedTitle('   \n')).toBeNull();
  });

  it('never cuts inside a word, unless one word is longer than the title', () => {
    const title = derivedTitle(`${'Minsk '.repeat(30)}ends here.`)!;
    expect(title.endsWith('Minsk…')).toBe(true);
    expect([...title].length).toBeLessThanOrEqual(90);
    expect(shortenAtWord('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(shortenAtWord('short enough', 40)).toBe('short enough');
  });
});
