import { afterEach, describe, expect, it } from 'vitest';
import { chronoDay, isoDate, isoDay } from '../../src/main/core/corpus/importers/dates.ts';
import { dateInAddress, tidyByline, tidyPageMetadata } from '../../src/main/core/corpus/importers/html-metadata.ts';
import { emptyMetadata, type FoundMetadata } from '../../src/main/core/corpus/importers/types.ts';

const page = (found: Partial<FoundMetadata>) => ({ ...emptyMetadata(), ...found });

// The shapes below are those of saved pages of real news sites (CNN, Fox News,
// Politico, Libération, Yahoo, TIME, USA Today, El País, Le Figaro), rewritten.
describe('bylines from page metadata', () => {
  it('keep the people and drop job titles, times and handles on further lines or after a bar or dash', () => {
    expect(tidyByline('Anna Stone\n        Senior Washington Correspondent', null, null)).toBe('Anna Stone');
    expect(tidyByline('Sam Byrd\n  on June  29, 2014 08:08 pm\n   @samb', null, null)).toBe('Sam Byrd');
    expect(tidyByline('David Gray | Apr 19, 2013', null, null)).toBe('David Gray');
    expect(tidyByline('Jane Doe · 14 March 2022', null, null)).toBe('Jane Doe');
    expect(tidyByline('JORDAN ROSS and RACHEL MEYER - AP Technology Writers | AP – 1 hr 4 mins ago', null, null)).toBe(
      'Jordan Ross and Rachel Meyer',
    );
  });

  it('drop a leading “By” or “Par” and keep capitalised names before a lower-case job description', () => {
    expect(tidyByline('By\n Brian Walsh', null, null)).toBe('Brian Walsh');
    expect(tidyByline('Par LILIANE ALMA, LAURE BRETON Envoyés spéciaux à Toulouse', null, null)).toBe(
      'Liliane Alma and Laure Breton',
    );
  });

  it('drop the outlet after the names, and bylines that name the site or its publisher', () => {
    expect(tidyByline('Doug Stark, USA TODAY', null, 'http://www.usatoday.com/story/news/x/')).toBe('Doug Stark');
    expect(tidyByline('lefigaro.fr', 'Le Figaro', null)).toBeNull();
    expect(tidyByline('Ediciones El País', 'EL PAÍS', null)).toBeNull();
    expect(tidyByline('Fox News', 'Fox News', null)).toBeNull();
  });

  it('keep an agency and a plain byline that is not a list of names', () => {
    expect(tidyByline('AP', 'The Huffington Post', null)).toBe('AP');
    expect(tidyByline('The Editorial Board', null, null)).toBe('The Editorial Board');
  });
});

describe('titles from page metadata', () => {
  it('keep the part of the title that is the page’s headline, and take the rest as the site when none is given', () => {
    expect(
      tidyPageMetadata(page({ title: 'Democrats to use Social Security - CNN.com' }), [
        'Democrats to use Social Security',
      ]),
    ).toMatchObject({
      title: 'Democrats to use Social Security',
      source: 'CNN.com',
    });
    expect(
      tidyPageMetadata(page({ title: 'TechCrunch | 2005 Zuckerberg Didn’t Want It', source: 'TechCrunch' }), [
        '2005 Zuckerberg Didn’t Want It',
      ]),
    ).toMatchObject({
      title: '2005 Zuckerberg Didn’t Want It',
      source: 'TechCrunch',
    });
    expect(tidyPageMetadata(page({ title: 'How to Save - Your Money - MSN Lifestyle' }), ['How to Save']).source).toBe(
      'MSN Lifestyle',
    );
  });

  it('keep a headline’s own colon and dash, and drop the site’s name without a heading to go by', () => {
    expect(tidyPageMetadata(page({ title: 'Hill: Meyer - and Saban - ESPN' }), ['Hill: Meyer - and Saban']).title).toBe(
      'Hill: Meyer - and Saban',
    );
    expect(tidyPageMetadata(page({ title: 'Shovel Knight review | Polygon', source: 'Polygon' }), []).title).toBe(
      'Shovel Knight review',
    );
    expect(tidyPageMetadata(page({ title: 'Lists grow longer - Madrid' }), []).title).toBe(
      'Lists grow longer - Madrid',
    );
  });
});

describe('dates', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = zone;
  });

  it('come from a news address’s path, or from a byline’s other parts', () => {
    expect(dateInAddress('http://www.example.com/2010/08/13/the-story/')).toBe('2010-08-13');
    expect(dateInAddress('http://www.example.com/2014/6/26/5842180/review')).toBe('2014-06-26');
    expect(dateInAddress('http://www.example.com/id/44613978/story')).toBeNull();
    expect(tidyPageMetadata(page({ author: 'David Gray | Apr 19, 2013' }), []).published).toBe('2013-04-19');
  });

  it('are the day written, in every time zone Quire runs in', () => {
    for (const tz of ['UTC', 'Asia/Tokyo', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Pacific/Pago_Pago']) {
      process.env.TZ = tz;
      expect(
        [
          isoDate('Tue, 17 Aug 2010 23:30:00 EDT'),
          isoDate('August 17, 2010'),
          isoDate('17 Aug 2010 00:30 +0900'),
          isoDate('2010-08-17T23:30:00-04:00'),
        ],
        tz,
      ).toEqual(['2010-08-17', '2010-08-17', '2010-08-17', '2010-08-17']);
    }
    expect([isoDate('Aug 2010'), isoDate('03/04/2022'), isoDate('13/04/2022'), isoDate('2022-02-30')]).toEqual([
      null,
      null,
      '2022-04-13',
      null,
    ]);
  });

  it('are days that exist, written in full, from 1800 on, wherever in a text they stand', () => {
    expect([
      isoDate('31 February 2022'),
      isoDate('April 31, 2022'),
      isoDate('July 4, 1776'),
      isoDate('29 February 2024'),
    ]).toEqual([null, null, null, '2024-02-29']);
    expect(chronoDay('Filed: 6 May 2023, Minsk')).toEqual({ date: '2023-05-06', index: 7, text: '6 May 2023' });
    expect([isoDay(2023, 2, 29), isoDay(2024, 2, 29), isoDay(12345, 1, 1)]).toEqual([null, '2024-02-29', null]);
  });
});
