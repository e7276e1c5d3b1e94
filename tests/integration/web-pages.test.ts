// Saved news pages as a browser's "Save page as…" leaves them: the article
// comes out, the page furniture does not, and the page's own metadata is read.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../../src/main/core/engine.ts';
import { launchChromium } from '../../src/main/printers/chromium.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

const PARAGRAPHS = [
  'Belarusian railway workers have sabotaged supply lines used by Russian troops, according to activists who track the network.',
  'The group says it has disabled signalling equipment at more than a dozen junctions since February, slowing trains carrying fuel and ammunition towards the Ukrainian border.',
  'Officials in Minsk deny that any sabotage has taken place and describe the reports as provocations organised from abroad.',
  'Independent analysts say the incidents, while small, show that public opinion in Belarus is far from united behind the government’s support for the invasion.',
];

/** A page with everything a news site wraps around an article. */
const page = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Rail saboteurs slow Russian supply lines | World | Example Times</title>
<meta property="og:title" content="Rail saboteurs slow Russian supply lines">
<meta property="og:site_name" content="Example Times">
<meta property="article:published_time" content="2022-03-14T08:30:00Z">
<link rel="canonical" href="https://www.example-times.test/world/rail-saboteurs">
<script>window.tracker = { id: 'x' }; document.title = 'pwned';</script>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Rail saboteurs slow Russian supply lines","author":{"@type":"Person","name":"Jane Doe"},"datePublished":"2022-03-14T08:30:00Z","publisher":{"name":"Example Times"}}</script>
<style>.x{color:red}</style></head>
<body>
<div class="cookie-banner">We use cookies. <button>Accept all</button></div>
<header class="site-header"><a href="/">Example Times</a><nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main>
<article>
<h1>Rail saboteurs slow Russian supply lines</h1>
<p class="byline">By <a rel="author" href="/jane">Jane Doe</a> · <time datetime="2022-03-14">14 March 2022</time></p>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
<figure><img src="train.jpg" alt=""><figcaption>A freight train near Gomel. Photo: Example / Agency</figcaption></figure>
${PARAGRAPHS.slice(0, 2)
  .map((p) => `<p>${p}</p>`)
  .join('\n')}
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Lukashenko meets Putin in Sochi</a></li><li><a href="/b">Sanctions hit potash exports</a></li></ul></aside>
<div class="ad-slot advert">Advertisement</div>
${PARAGRAPHS.slice(2)
  .map((p) => `<p>${p}</p>`)
  .join('\n')}
</article>
<section id="comments" class="comments"><h2>Comments (12)</h2><form><textarea></textarea><button>Post</button></form><div class="comment"><p>First! This is nonsense from a reader who posts on every article.</p></div></section>
</main>
<aside class="sidebar"><h2>Most read</h2><ol><li><a href="/1">Ten things to know about Minsk</a></li><li><a href="/2">Weather warning for the weekend</a></li></ol></aside>
<footer class="site-footer"><p>© 2022 Example Times. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>`;

describe('saved web pages', () => {
  it('keep the article and drop the page around it, with the page’s own title, author, date and site', async () => {
    const p = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(join(dir, 'Rail saboteurs slow Russian supply lines _ Example Times.html'), page);
    const report = await call(p, 'importFiles', { paths: [dir] });
    expect(report.imported).toBe(1);
    const doc = await call(p, 'getDocument', { id: report.files[0]!.documentId! });
    for (const paragraph of PARAGRAPHS) expect(doc.body).toContain(paragraph);
    // The paragraphs in order, each its own paragraph.
    expect(doc.body.indexOf(PARAGRAPHS[3]!)).toBeGreaterThan(doc.body.indexOf(PARAGRAPHS[0]!));
    expect(doc.body).toContain(`${PARAGRAPHS[0]}\n\n${PARAGRAPHS[1]}`);
    for (const furniture of [
      'A freight train near Gomel',
      'cookies',
      'Accept all',
      'Politics',
      'Share on Facebook',
      'Lukashenko meets Putin in Sochi',
      'Advertisement',
      'Comments (12)',
      'First! This is nonsense',
      'Most read',
      'Privacy',
      'window.tracker',
      'pwned',
      'color:red',
    ]) {
      expect(doc.body, furniture).not.toContain(furniture);
    }
    expect(doc).toMatchObject({
      title: 'Rail saboteurs slow Russian supply lines',
      author: 'Jane Doe',
      published: '2022-03-14',
      source: 'Example Times',
      url: 'https://www.example-times.test/world/rail-saboteurs',
      language: 'en-GB',
      format: 'html',
    });
  });

  it('keep the article when a wrapper named like furniture holds the whole page (a real site wraps its layout in “ad-wallpaper”)', async () => {
    const p = await createTestProject({ seeds: false });
    const dir = tempDir();
    const wrapped = page
      .replace(/<body([^>]*)>/, '<body$1><div class="ad-wallpaper"><div id="sidebar-layout">')
      .replace('</body>', '</div></div></body>');
    expect(wrapped).not.toBe(page);
    writeFileSync(join(dir, 'wrapped.html'), wrapped);
    const report = await call(p, 'importFiles', { paths: [dir] });
    const doc = await call(p, 'getDocument', { id: report.files[0]!.documentId! });
    expect(doc.body).toBe(PARAGRAPHS.join('\n\n'));
  });

  it('fall back to the page’s text when there is no article to find, still without scripts and navigation', async () => {
    const p = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(
      join(dir, 'note.html'),
      '<html><body><nav>Home · About</nav><script>alert(1)</script><p>Short note: Lukashenka met Putin.</p></body></html>',
    );
    const report = await call(p, 'importFiles', { paths: [dir] });
    const doc = await call(p, 'getDocument', { id: report.files[0]!.documentId! });
    expect(doc.body).toBe('Short note: Lukashenka met Putin.');
  });
});

describe('web pages saved as one file (.mhtml)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());

  /** The page as Chromium's "Save as: Webpage, Single File" writes it (quoted-printable HTML, Snapshot-Content-Location). */
  async function savedByChromium(html: string): Promise<string> {
    const tab = await browser.newPage({ javaScriptEnabled: false });
    try {
      await tab.setContent(html, { waitUntil: 'domcontentloaded' });
      const cdp = await tab.context().newCDPSession(tab);
      return (await cdp.send('Page.captureSnapshot', { format: 'mhtml' })).data;
    } finally {
      await tab.close();
    }
  }

  it('give the same article and metadata as the page saved as .html', async () => {
    const p = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(join(dir, 'saved.mhtml'), await savedByChromium(page));
    const report = await call(p, 'importFiles', { paths: [join(dir, 'saved.mhtml')] });
    expect(report.files[0]).toMatchObject({ status: 'imported' });
    const doc = await call(p, 'getDocument', { id: report.files[0]!.documentId! });
    expect(doc.body).toBe(PARAGRAPHS.join('\n\n'));
    expect(doc).toMatchObject({
      title: 'Rail saboteurs slow Russian supply lines',
      author: 'Jane Doe',
      published: '2022-03-14',
      source: 'Example Times',
      format: 'mhtml',
    });
  });

  it('refuse a file with no page in it, or no MIME structure, with the reason', async () => {
    const p = await createTestProject({ seeds: false });
    const dir = tempDir();
    const onlyPicture = [
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="b"',
      '',
      '--b',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--b--',
      '',
    ].join('\r\n');
    writeFileSync(join(dir, 'picture.mhtml'), onlyPicture);
    writeFileSync(join(dir, 'garbage.mht'), Buffer.from([0, 159, 146, 150, 0, 1, 2, 3]));
    const report = await call(p, 'importFiles', { paths: [dir] });
    const byName = Object.fromEntries(report.files.map((f) => [f.path.split('/').at(-1), f]));
    expect(byName['picture.mhtml']).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/holds no web page/),
    });
    expect(byName['garbage.mht']).toMatchObject({ status: 'failed' });
    expect((await call(p, 'projectInfo', {})).documents).toBe(0);
  });
});
