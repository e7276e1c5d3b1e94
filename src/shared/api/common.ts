// What every domain's part of the contract shares: ids, dates, names, text
// ranges, and how a method is declared.
import { z } from 'zod';
import type { RecordKind, Work } from '../events.ts';

export const Id = z.number().int().positive();
export const IsoDate = z.string().refine(isRealDate, 'give a date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2022-12-19');

function isRealDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const [year, month = 1, day = 1] = [Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Only documents with this value of an attribute (null: those without a value). */
export const AttributeFilter = z.object({ id: Id, value: z.string().max(10_000).nullable() });
export type AttributeFilter = z.infer<typeof AttributeFilter>;
/** Only the documents of this document set (its members as they are now: a saved search is run again). */
export const SetScope = Id.optional();

/** A half-open [start, end) range in Unicode code points. */
export const Span = z.tuple([z.number().int().min(0), z.number().int().min(0)]);
export type Span = z.infer<typeof Span>;

/** Text with the ranges (code points, relative to `text`) that matched. Never HTML. */
export const MarkedText = z.object({ text: z.string(), marks: z.array(Span) });
export type MarkedText = z.infer<typeof MarkedText>;

export const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');
export const Name = z.string().trim().min(1, 'a name').max(200);

/** A file to bring in: by its path (the desktop app, the command line), or its bytes (the browser). */
export const MergeSource = z
  .object({
    path: z.string().min(1).optional(),
    upload: z.object({ name: z.string().min(1).max(255), base64: z.string() }).optional(),
  })
  .refine((v) => (v.path === undefined) !== (v.upload === undefined), 'give either a path or an upload');

export const Empty = z.object({});

/** What a method does besides answering: the kinds of record it changes (so it writes: refused on a read-only project), and when it only reads after all. */
export interface MethodOptions<I extends z.ZodType> {
  changes?: readonly RecordKind[];
  /** Long work that reports its progress as events while the call runs. */
  progress?: Work;
  /** The call only counts or previews (auto-coding's preview): it changes nothing. */
  readsOnly?(input: z.output<I>): boolean;
}

/** One method of the contract: its input and output schemas, and what it changes. */
export const method = <I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  options: MethodOptions<I> = {},
) => ({ input, output, ...options });

/** A domain's methods, as each domain's api file declares them. */
export type ContractSlice = Record<
  string,
  {
    input: z.ZodType;
    output: z.ZodType;
    changes?: readonly RecordKind[];
    progress?: Work;
    readsOnly?(input: never): boolean;
  }
>;
