import { useNow } from '../../hooks/use-now.ts';

/** "Copied — clears in 30 s", counting down to the moment main clears the clipboard. */
export function CopiedNotice({ clearsAt }: { clearsAt: number | null }) {
  const now = useNow(() => 1000);
  if (clearsAt === null) return <>Copied — stays on the clipboard</>;
  const seconds = Math.max(0, Math.ceil((clearsAt - now) / 1000));
  return (
    <>
      Copied — clears in <span className="tabular">{seconds} s</span>
    </>
  );
}
