import { observer } from 'mobx-react-lite';
import { useState } from 'react';
import { SetSelect } from './SetSelect.tsx';
import { coefficientText, percentText, SEGMENT_OVERLAP, thresholdText } from '../../../shared/agreement.ts';
import type { AgreementFigures, AgreementResult, Disagreement } from '../../../shared/api.ts';
import { clip, plural, visible } from '../../../shared/text.ts';
import type { CoderSummary } from '../stores/CoderViewStore.ts';
import { useStore } from '../stores/context.tsx';
import { saveInBrowser } from './download.ts';

/** Two decimals in the workbench; a value that rounds to zero shows as 0.00, never −0.00. */
const coefficient = (x: number | null) => coefficientText(x, 2);
/** Only this many near misses are listed under the table; the note says how many there are. */
const NEAR_SHOWN = 20;

/** Only this many disagreements are drawn at once; settling them brings the next ones up. */
const SHOWN = 200;

const Choices = observer(function Choices() {
  const { agreement: a, coderView } = useStore();
  const coded = coderView.coders;
  const others = coded.filter((c) => c.name !== a.first && c.name !== a.second);
  const option = (c: CoderSummary) => (
    <option key={c.name} value={c.name}>
      {visible(c.name)} ({c.codings})
    </option>
  );
  return (
    <div className="agreement-choices">
      <label>
        Coder A{' '}
        <select value={a.first} onChange={(e) => a.setFirst(e.target.value)}>
          {!a.first && <option value="">Choose…</option>}
          {coded.map(option)}
        </select>
      </label>
      <label>
        Coder B{' '}
        <select value={a.second} onChange={(e) => a.setSecond(e.target.value)}>
          {!a.second && <option value="">Choose…</option>}
          {coded.map(option)}
        </select>
      </label>
      {others.length > 0 && (
        <fieldset className="alpha-coders">
          <legend>Also in alpha</legend>
          {others.map((c) => (
            <label key={c.name}>
              <input type="checkbox" checked={a.extra.includes(c.name)} onChange={() => a.toggleExtra(c.name)} />{' '}
              {visible(c.name)}
            </label>
          ))}
        </fieldset>
      )}
      <SetSelect
        label="Document set"
        any="Documents both coded"
        value={a.setId}
        onChange={(setId) => a.chooseSet(setId)}
      />
      <fieldset className="agreement-unit">
        <legend>Count</legend>
        <label>
          <input
            type="radio"
            name="agreement-level"
            checked={a.level === 'character'}
            onChange={() => a.setLevel('character')}
          />{' '}
          Characters
        </label>
        <label>
          <input
            type="radio"
            name="agreement-level"
            checked={a.level === 'segment'}
            onChange={() => a.setLevel('segment')}
          />{' '}
          Segments
        </label>
        {a.level === 'segment' && (
          <label
            title={`Two segments of a code match when they share at least this much of the text they cover together (MAXQDA’s rule; ${thresholdText(SEGMENT_OVERLAP)} is its default).`}
          >
            overlap ≥{' '}
            <input
              type="number"
              min={1}
              max={100}
              step={5}
              value={a.overlap}
              aria-label="Overlap threshold in percent"
              onChange={(e) => a.setOverlap(e.target.valueAsNumber)}
            />
            %
          </label>
        )}
      </fieldset>
    </div>
  );
});

/** Segment level: the threshold in use, beside the figures, and the pairs of segments that came close but did not reach it. */
function Threshold({ r }: { r: AgreementResult }) {
  const threshold = thresholdText(r.overlap ?? SEGMENT_OVERLAP);
  const near = r.nearMisses;
  return (
    <div className="agreement-threshold">
      <p>
        <strong>Segments match at ≥ {threshold} overlap</strong>: the text two coders’ segments of a code share, of the
        text they cover together
        {r.overlap === SEGMENT_OVERLAP
          ? ' (MAXQDA’s default).'
          : ` (MAXQDA’s default is ${thresholdText(SEGMENT_OVERLAP)}).`}
      </p>
      {near.length > 0 && (
        <details className="near-misses">
          <summary>
            {plural(near.length, 'pair')} came close but {near.length === 1 ? 'does' : 'do'} not match
          </summary>
          <ul>
            {near.slice(0, NEAR_SHOWN).map((n, i) => (
              <li key={i}>
                {n.reason} <span className="meta">{n.document.title}</span>
              </li>
            ))}
          </ul>
          {near.length > NEAR_SHOWN && (
            <p className="meta">
              The closest {NEAR_SHOWN} are listed; the disagreements below say why each passage did not match.
            </p>
          )}
        </details>
      )}
    </div>
  );
}

const Table = observer(function Table() {
  const { agreement: a } = useStore();
  const r = a.result;
  if (!r) return null;
  if (!r.documentIds.length) return <p className="placeholder">{r.notes[0]}</p>;
  const cells = (f: AgreementFigures) => (
    <>
      <td>{percentText(f.percent)}</td>
      <td>{coefficient(f.kappa)}</td>
      <td>{coefficient(f.alpha)}</td>
      <td>{f.units.toLocaleString('en')}</td>
    </>
  );
  const documents = plural(r.documentIds.length, 'document');
  return (
    <section className="agreement-figures" aria-label="Agreement table">
      <table className="agreement-table">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col" title={`Units on which ${visible(r.coders[0]!)} and ${visible(r.coders[1]!)} agree`}>
              Agree
            </th>
            <th
              scope="col"
              title={
                r.level === 'character'
                  ? `Cohen’s kappa, ${visible(r.coders[0]!)} and ${visible(r.coders[1]!)}`
                  : 'Brennan and Prediger’s kappa, for all codes together'
              }
            >
              κ
            </th>
            <th
              scope="col"
              title={
                r.level === 'character'
                  ? `Krippendorff’s alpha, ${visible(r.coders.join(', '))}`
                  : 'Krippendorff’s alpha: characters only'
              }
            >
              α
            </th>
            <th scope="col">{r.level === 'character' ? 'Chars' : 'Segments'}</th>
          </tr>
        </thead>
        <tbody>
          {r.codes.map((row) => (
            <tr key={row.code.id}>
              <th scope="row">
                <i className="swatch" style={{ background: row.code.colour }} /> {visible(row.code.name)}
              </th>
              {cells(row)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All codes</th>
            {cells(r.overall)}
          </tr>
        </tfoot>
      </table>
      <p className="meta">
        {visible(r.coders.slice(0, 2).join(' and '))} over {documents}{' '}
        {r.coders.length > 2 ? 'all of them coded' : 'both coded'}. Figures are from the codings as they are now:
        settling a disagreement changes them.
      </p>
      {r.level === 'segment' && <Threshold r={r} />}
      <details className="agreement-notes">
        <summary>How these are counted</summary>
        <ul>
          {r.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </details>
      <button onClick={() => void a.saveCsv((name, bytes) => saveInBrowser(name, bytes, 'text/csv'))}>
        Save as CSV
      </button>
    </section>
  );
});

/** A coding of the passage as the recode form names it: the coder's, with its code (and its quote where the coder has several of that code). */
function codingLabel(d: Disagreement, k: Disagreement['coders'][0]['codings'][0], coder: string): string {
  const code = d.codes.find((c) => c.id === k.codeId)?.name ?? '';
  const several = d.coders.find((c) => c.name === coder)!.codings.filter((o) => o.codeId === k.codeId).length > 1;
  return several ? `${coder}’s “${code}”: “${clip(k.quote, 30)}”` : `${coder}’s “${code}”`;
}

const Recode = observer(function Recode({ d }: { d: Disagreement }) {
  const { agreement: a, coding } = useStore();
  const codings = d.coders.flatMap((c) => c.codings.map((k) => ({ ...k, coder: c.name })));
  const [codingId, setCodingId] = useState(codings[0]?.id ?? 0);
  const current = codings.find((k) => k.id === codingId)?.codeId;
  // Another code for the chosen coding: what the other coder gave this passage first, as that is the usual settle.
  const given = new Set(d.codes.map((c) => c.id));
  const choices = [
    ...coding.codes.filter((c) => given.has(c.id)),
    ...coding.codes.filter((c) => !given.has(c.id)),
  ].filter((c) => c.id !== current);
  const [picked, setCodeId] = useState(0);
  const codeId = choices.some((c) => c.id === picked) ? picked : (choices[0]?.id ?? 0);
  return (
    <form
      className="recode"
      onSubmit={(e) => {
        e.preventDefault();
        if (codingId && codeId) void a.settle(d, { action: 'recode', codingId, newCodeId: codeId });
      }}
    >
      <label>
        Recode{' '}
        <select
          value={codingId}
          onChange={(e) => setCodingId(Number(e.target.value))}
          aria-label="The coding to recode"
        >
          {codings.map((k) => (
            <option key={k.id} value={k.id}>
              {visible(codingLabel(d, k, k.coder))}
            </option>
          ))}
        </select>
      </label>
      <label>
        as{' '}
        <select value={codeId} onChange={(e) => setCodeId(Number(e.target.value))} aria-label="The new code">
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {visible(c.name)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={!codingId || !codeId}>
        Recode
      </button>
      <button type="button" onClick={() => a.openRecode(null)}>
        Cancel
      </button>
    </form>
  );
});

const Item = observer(function Item({ d }: { d: Disagreement }) {
  const { agreement: a } = useStore();
  const [first, second] = d.coders as [Disagreement['coders'][0], Disagreement['coders'][0]];
  const busy = a.settling !== null;
  const colour = (codeId: number) => d.codes.find((c) => c.id === codeId)?.colour ?? 'transparent';
  const name = (codeId: number) => d.codes.find((c) => c.id === codeId)?.name ?? '';
  const several = (side: Disagreement['coders'][0]) => (side.codings.length === 1 ? 'coding' : 'codings');
  return (
    <li className="disagreement" data-key={d.key}>
      <button className="disagreement-open" onClick={() => a.open(d)} title="Open the passage in the reader">
        <span className="meta">
          {d.codes.map((c) => (
            <span key={c.id} className="code-name">
              <i className="swatch" style={{ background: c.colour }} /> {visible(c.name)}
            </span>
          ))}{' '}
          · {visible(d.document.title)}
        </span>
        <span className="sides">
          {d.coders.map((side) => (
            <span key={side.name} className="side">
              <strong>{visible(side.name)}</strong>
              {side.codings.length ? (
                side.codings.map((k) => (
                  <span key={k.id} className="coding">
                    <span className="code-label">
                      <i className="swatch" style={{ background: colour(k.codeId) }} /> {visible(name(k.codeId))}
                    </span>
                    <q style={{ background: `color-mix(in srgb, ${colour(k.codeId)} 25%, transparent)` }}>{k.quote}</q>
                  </span>
                ))
              ) : (
                <span className="not-coded">Not coded</span>
              )}
            </span>
          ))}
        </span>
      </button>
      <ul className="reasons" aria-label="Why they differ">
        {d.reasons.map((r) => (
          <li key={r}>{visible(r)}</li>
        ))}
      </ul>
      <div className="settle" role="group" aria-label="Settle">
        <button
          disabled={busy}
          onClick={() => void a.settle(d, { action: 'keep', keepCoder: first.name })}
          title={`Keep ${visible(first.name)}’s ${several(first)} here; ${visible(second.name)}’s are removed`}
        >
          Keep {visible(first.name)}’s
        </button>
        <button
          disabled={busy}
          onClick={() => void a.settle(d, { action: 'keep', keepCoder: second.name })}
          title={`Keep ${visible(second.name)}’s ${several(second)} here; ${visible(first.name)}’s are removed`}
        >
          Keep {visible(second.name)}’s
        </button>
        <button
          disabled={busy}
          onClick={() => void a.settle(d, { action: 'both' })}
          title="Leave both coders’ codings as they are"
        >
          Keep both
        </button>
        <button
          disabled={busy}
          onClick={() => a.openRecode(a.recoding === d.key ? null : d.key)}
          aria-expanded={a.recoding === d.key}
        >
          Recode…
        </button>
      </div>
      {a.recoding === d.key && <Recode d={d} />}
    </li>
  );
});

const Disagreements = observer(function Disagreements() {
  const { agreement: a } = useStore();
  if (!a.result?.documentIds.length) return null;
  const list = a.disagreements;
  const documents = new Set(list.map((d) => d.document.id)).size;
  return (
    <section className="disagreements" aria-label="Disagreements">
      <h3>
        {list.length
          ? `${plural(list.length, 'disagreement')} in ${plural(documents, 'document')}`
          : 'No disagreements left to settle.'}
      </h3>
      {a.settleNotes.map((n) => (
        <p key={n} className="settle-note" role="status">
          {n}
        </p>
      ))}
      {list.length > SHOWN && <p className="meta">The first {SHOWN} are shown; settle them to see the rest.</p>}
      <ol>
        {list.slice(0, SHOWN).map((d) => (
          <Item key={d.key} d={d} />
        ))}
      </ol>
    </section>
  );
});

/** Intercoder agreement: choices, the table, and the passages where the two coders differ. */
export const AgreementPanel = observer(function AgreementPanel() {
  const { agreement: a } = useStore();
  return (
    <div className="agreement-panel">
      <Choices />
      {a.error && <p className="error">{visible(a.error)}</p>}
      {a.problem ? <p className="placeholder agreement-problem">{a.problem}</p> : <Table />}
      <Disagreements />
    </div>
  );
});
