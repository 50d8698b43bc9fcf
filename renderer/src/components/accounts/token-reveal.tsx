import { useState } from 'react';
import type { TokenKind } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { CopiedNotice } from './copied-notice.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';

const NAMES: Record<TokenKind, string> = { access: 'access token', id: 'ID token' };

/**
 * A raw token, masked until the user explicitly asks to see it. Only then is it fetched from
 * main; "Hide" (or closing the panel) drops it from memory again.
 */
export function TokenReveal({ accountId, kind }: { accountId: string; kind: TokenKind }) {
  const api = tokenManager();
  const [token, setToken] = useState<string | undefined>();
  const [clearsAt, setClearsAt] = useState<number | null | undefined>();
  const reveal = useAction(() => api.accounts.revealToken(accountId, kind));
  const copy = useAction(() => api.accounts.copyToken(accountId, kind));
  const name = NAMES[kind];

  const segments = token?.split('.') ?? [];
  return (
    <div className="token-reveal">
      <div className="token-reveal__head">
        <span className="token-reveal__name">{name.charAt(0).toUpperCase() + name.slice(1)}</span>
        <div className="token-reveal__actions">
          {token === undefined ? (
            <Button
              size="sm"
              icon="eye"
              pending={reveal.pending}
              onClick={() =>
                void reveal.run().then((result) => result.ok && setToken(result.value.token))
              }
            >
              {`Reveal ${name}`}
            </Button>
          ) : (
            <>
              {clearsAt !== undefined ? (
                <span className="token-reveal__copied" role="status">
                  <CopiedNotice clearsAt={clearsAt} />
                </span>
              ) : null}
              <Button
                size="sm"
                icon="copy"
                pending={copy.pending}
                aria-label={`Copy ${name}`}
                onClick={() =>
                  void copy.run().then((result) => result.ok && setClearsAt(result.value.clearsAt))
                }
              >
                Copy
              </Button>
              <Button
                size="sm"
                icon="eyeOff"
                aria-label={`Hide ${name}`}
                onClick={() => {
                  setToken(undefined);
                  setClearsAt(undefined);
                }}
              >
                Hide
              </Button>
            </>
          )}
        </div>
      </div>
      {token === undefined ? (
        <div className="token-box token-box--masked">
          <span aria-hidden="true">••••••••••••••••••••••••••••••••••••••••</span>
          <span className="visually-hidden">Hidden until you reveal it</span>
        </div>
      ) : (
        <div
          className="token-box"
          role="textbox"
          aria-readonly="true"
          aria-label={name}
          tabIndex={0}
        >
          {segments.length === 3
            ? segments.map((part, index) => (
                <span key={index} className={`jwt-part jwt-part--${index}`}>
                  {index > 0 ? '.' : ''}
                  {part}
                </span>
              ))
            : token}
        </div>
      )}
      <ErrorMessage error={reveal.error ?? copy.error} compact />
    </div>
  );
}
