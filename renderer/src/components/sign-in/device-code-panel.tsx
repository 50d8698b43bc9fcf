import { useId, useMemo, useRef, useState } from 'react';
import type { DeviceCodePrompt, SignInFlow } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { copyText } from '../../lib/copy-text.ts';
import { codeGroups, svgDataUrl } from '../../lib/device-code.ts';
import { Button } from '../ui/button.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';

/**
 * What a device sign-in needs from the user (RFC 8628): the code, large and copyable; the
 * verification page, to open here or type elsewhere; a QR code for a phone.
 */
export function DeviceCodePanel({ flow, device }: { flow: SignInFlow; device: DeviceCodePrompt }) {
  const labelId = useId();
  const open = useAction(() => tokenManager().signIn.openInBrowser(flow.id));
  const code = useRef<HTMLSpanElement>(null);
  const [copied, setCopied] = useState<boolean | undefined>();
  const qr = useMemo(() => svgDataUrl(device.qrSvg), [device.qrSvg]);
  const qrTarget = device.verificationUriComplete ?? device.verificationUri;

  return (
    <div className="device">
      <img
        className="device__qr"
        src={qr}
        width={116}
        height={116}
        alt={`QR code of ${qrTarget}`}
        title="Scan with a phone to open the verification page"
      />
      <div className="device__main">
        <span id={labelId} className="device__label">
          Your code
        </span>
        <div className="device__code-row">
          <span ref={code} className="device__code" role="group" aria-labelledby={labelId}>
            {codeGroups(device.userCode).map((group, index) => (
              <span key={index} className="device__group">
                {group.text}
                {group.separator ? <span className="device__sep">{group.separator}</span> : null}
              </span>
            ))}
          </span>
          <Button
            size="sm"
            variant="ghost"
            icon={copied ? 'check' : 'copy'}
            aria-label={copied ? 'Code copied' : 'Copy the code'}
            onClick={() => void copyText(device.userCode, code.current).then(setCopied)}
          />
        </div>
        <p className="device__url">
          <span className="visually-hidden">Verification page: </span>
          <span className="mono">{device.verificationUri}</span>
        </p>
        <Button
          size="sm"
          variant="primary"
          icon="external"
          pending={open.pending}
          onClick={() => void open.run()}
        >
          Open verification page
        </Button>
      </div>
      {copied === false ? (
        <p className="field__error device__full">Could not copy. Type the code instead.</p>
      ) : null}
      {open.error ? (
        <div className="device__full">
          <ErrorMessage error={open.error} compact />
        </div>
      ) : null}
    </div>
  );
}
