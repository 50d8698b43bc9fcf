import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  AccountSummary,
  ProviderSummary,
  Result,
  SignInMethod,
} from '../../../../contract/domain.ts';
import { chunksToShow, chunksWithin, scrollParent } from '../../lib/row-window.ts';
import { AccountRow } from './account-row.tsx';

/** Rows rendered or left out together. */
const CHUNK = 6;
/** The height a row usually takes, for the placeholders of rows not rendered yet. */
const ROW_HEIGHT_ESTIMATE = 60;
/** How far beyond the visible part of the list rows are rendered (and kept). */
const NEAR = '100px 0px';

/** A chunk's height: measured when it was in the page, else estimated. */
function chunkHeight(chunk: number, count: number, heights: ReadonlyMap<number, number>): number {
  return heights.get(chunk) ?? Math.min(CHUNK, count - chunk * CHUNK) * ROW_HEIGHT_ESTIMATE;
}

interface RowWindow {
  /** The chunks in the page. */
  shown: ReadonlySet<number>;
  /** The measured height of chunks that were in the page, for placeholders. */
  heights: ReadonlyMap<number, number>;
}

/**
 * A provider's account rows, windowed: a chunk of rows is in the page while it is on screen or
 * near it; each run of other chunks is one placeholder of their height. 1,000 accounts render a
 * first screen as fast as 50, and rows far away are not in the page, so they cost nothing when
 * the window repaints (a countdown ticking, a row changing). A chunk with the keyboard focus or
 * an open dialog stays.
 */
export function AccountRows({
  accounts,
  provider,
  onSignIn,
}: {
  accounts: AccountSummary[];
  provider: ProviderSummary;
  onSignIn: (method: SignInMethod, account: AccountSummary) => Promise<Result<unknown>>;
}) {
  const [{ shown, heights }, setWindow] = useState<RowWindow>(() => ({
    shown: new Set([0]),
    heights: new Map(),
  }));
  /** Every row and placeholder in the page. */
  const elements = useRef(new Set<HTMLElement>());
  const chunks = Math.ceil(accounts.length / CHUNK);
  const windowed = chunks > 1;

  const track = useCallback((element: HTMLElement | null) => {
    if (!element) return;
    elements.current.add(element);
    return () => void elements.current.delete(element);
  }, []);

  useEffect(() => {
    if (!windowed) return;
    const [first] = elements.current;
    const heightOf = (chunk: number) => chunkHeight(chunk, accounts.length, heights);
    const rowsOf = (chunk: number) =>
      [...elements.current].filter((element) => element.dataset['chunk'] === String(chunk));
    const near = new Map<Element, number[]>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const { target, isIntersecting, boundingClientRect, intersectionRect } of entries) {
          const { chunk, from, to } = (target as HTMLElement).dataset;
          if (!isIntersecting) near.delete(target);
          else if (chunk !== undefined) near.set(target, [Number(chunk)]);
          else {
            const top = intersectionRect.top - boundingClientRect.top;
            const bottom = intersectionRect.bottom - boundingClientRect.top;
            near.set(target, chunksWithin(Number(from), Number(to), heightOf, top, bottom));
          }
        }
        const next = chunksToShow({
          shown,
          near: [...near.values()].flat(),
          // Focus or a dialog inside: leaving the page would lose them.
          pinned: (chunk) =>
            rowsOf(chunk).some(
              (row) => row.contains(document.activeElement) || row.querySelector('dialog[open]'),
            ),
        });
        if (next === shown) return;
        const measured = new Map(heights);
        for (const chunk of shown) {
          if (next.has(chunk)) continue;
          const boxes = rowsOf(chunk).map((row) => row.getBoundingClientRect());
          if (boxes.length === 0) continue;
          const top = Math.min(...boxes.map((box) => box.top));
          measured.set(chunk, Math.max(...boxes.map((box) => box.bottom)) - top);
        }
        setWindow({ shown: next, heights: measured });
      },
      { root: first ? scrollParent(first) : null, rootMargin: NEAR },
    );
    for (const element of elements.current) observer.observe(element);
    return () => observer.disconnect();
  }, [windowed, accounts.length, shown, heights]);

  const parts = [];
  for (let chunk = 0; chunk < chunks; chunk++) {
    if (!windowed || shown.has(chunk)) {
      for (const account of accounts.slice(chunk * CHUNK, (chunk + 1) * CHUNK)) {
        parts.push(
          <AccountRow
            key={account.id}
            ref={track}
            chunk={chunk}
            account={account}
            provider={provider}
            onSignIn={onSignIn}
          />,
        );
      }
      continue;
    }
    // One placeholder for this chunk and the ones after it that are not in the page either.
    const from = chunk;
    let height = 0;
    for (; chunk < chunks && !shown.has(chunk); chunk++) {
      height += chunkHeight(chunk, accounts.length, heights);
    }
    chunk--;
    parts.push(
      <tbody
        key={`rows-${from}`}
        className="account-placeholder"
        data-row-placeholder=""
        data-from={from}
        data-to={chunk}
        aria-hidden="true"
        ref={track}
      >
        <tr style={{ height }}>
          <td colSpan={4} />
        </tr>
      </tbody>,
    );
  }
  return <>{parts}</>;
}
