// What an import's memory is made of, sampled while it runs (not part of `npm run bench`). Usage:
//   node bench/import-memory.ts <corpus dir> <db file> <result.json> [--every MS]
// Imports the folder as import-child.ts `ours` does (the near-duplicate check beside it), and samples every MS
// (default 200) between batches: the process's RSS split as the kernel sees it (/proc/self/smaps_rollup:
// anonymous memory, mapped files, the project's -shm file), the main thread's V8 heap and the memory outside
// it (external, array buffers), and the files read so far. Writes every sample, the peak sample and the peak
// RSS the kernel kept (resourceUsage().maxRSS), so what is large at the peak can be read off.
import { readFileSync, writeFileSync } from 'node:fs';
import { importFiles } from '../src/main/core/corpus/import.ts';
import { NearDuplicateCheck } from '../src/main/core/corpus/near-check.ts';
import { openProject } from '../src/main/core/db/open.ts';

const MB = 1024 * 1024;

interface Sample {
  s: number;
  files: number;
  rss: number;
  anon: number;
  file: number;
  shm: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** The kB fields of /proc/self/smaps_rollup, and the resident size of the mappings whose path ends with `suffix`. */
function kernelView(suffix: string): { rss: number; anon: number; file: number; shm: number } {
  const field = (text: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8');
  let shm = 0;
  let inShm = false;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inShm = line.endsWith(suffix);
    else if (inShm && line.startsWith('Rss:')) shm += Number(/(\d+)/.exec(line)![1]);
  }
  return {
    rss: (field(rollup, 'Rss') * 1024) / MB,
    anon: (field(rollup, 'Anonymous') * 1024) / MB,
    file: ((field(rollup, 'Rss') - field(rollup, 'Anonymous')) * 1024) / MB,
    shm: (shm * 1024) / MB,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const every = args.includes('--every') ? Number(args[args.indexOf('--every') + 1]) : 200;
  const [dir, dbFile, out] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!dir || !dbFile || !out) throw new Error('usage: import-memory.ts <dir> <db> <out.json> [--every MS]');
  const db = openProject(dbFile, { create: true });
  const samples: Sample[] = [];
  let files = 0;
  const t0 = performance.now();
  const sample = () => {
    const m = process.memoryUsage();
    samples.push({
      s: (performance.now() - t0) / 1000,
      files,
      ...kernelView('-shm'),
      heapUsed: m.heapUsed / MB,
      heapTotal: m.heapTotal / MB,
      external: m.external / MB,
      arrayBuffers: m.arrayBuffers / MB,
    });
  };
  const timer = setInterval(sample, every);
  const near = new NearDuplicateCheck(db);
  const imported = await importFiles(db, [dir], {
    check: near,
    onProgress: (p) => {
      files = p.done;
    },
  });
  const report = await near.flag(imported);
  const ms = performance.now() - t0;
  clearInterval(timer);
  sample();
  db.close();
  const peak = samples.reduce((a, b) => (b.rss > a.rss ? b : a));
  const result = {
    ms,
    imported: report.imported,
    maxRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
    peak,
    samples,
  };
  writeFileSync(out, JSON.stringify(result, null, 1));
  const f = (n: number) => n.toFixed(1);
  console.log(
    `highest: main heap ${f(Math.max(...samples.map((x) => x.heapTotal)))}, anonymous memory beside it ${f(Math.max(...samples.map((x) => x.anon - x.heapTotal)))}; ` +
      `${report.imported} imported in ${f(ms / 1000)} s; max RSS ${f(result.maxRssMB)} MB; peak sample at ${f(peak.s)} s, ${peak.files} files: rss ${f(peak.rss)} (anon ${f(peak.anon)}, file ${f(peak.file)}, shm ${f(peak.shm)}), heap ${f(peak.heapUsed)}/${f(peak.heapTotal)}, external ${f(peak.external)}, arrayBuffers ${f(peak.arrayBuffers)}`,
  );
}

await main();
