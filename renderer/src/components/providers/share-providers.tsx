import { useEffect, useState, type ChangeEvent } from 'react';
import type {
  ProviderExport,
  ProviderImportItem,
  ProviderImportPreview,
} from '../../../../contract/domain.ts';
import { localError, tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Field } from '../ui/field.tsx';
import { Notice } from '../ui/notice.tsx';
import { useToasts } from '../ui/toasts.tsx';

/** The most main takes in one call; main itself refuses more than 256 KB, saying so. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Exports provider setups (one, or all when `providerId` is absent) as a JSON file: shown here
 * and saved with the browser's download, so it works the same in the app and in Chromium.
 */
export function ExportProvidersDialog({
  providerId,
  onClose,
}: {
  providerId?: string;
  onClose: () => void;
}) {
  const [file, setFile] = useState<ProviderExport | undefined>();
  const load = useAction(() =>
    tokenManager().providers.exportSetups(providerId ? [providerId] : undefined),
  );
  const toasts = useToasts();
  useEffect(() => {
    void load.run().then((result) => {
      if (result.ok) setFile(result.value);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = () => {
    if (!file) return;
    const url = URL.createObjectURL(new Blob([file.content], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.fileName;
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    toasts.push({
      tone: 'success',
      title: 'Provider setups saved',
      detail: `${file.fileName} (${file.count} ${file.count === 1 ? 'provider' : 'providers'})`,
    });
  };

  return (
    <Dialog
      title={providerId ? 'Export provider setup' : 'Export all provider setups'}
      subtitle="Endpoints, client IDs, scopes and parameters: never tokens or client secrets."
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button
            variant="primary"
            icon="file"
            unavailableReason={file ? undefined : 'The export is not ready.'}
            onClick={save}
            data-autofocus
          >
            Save file…
          </Button>
        </>
      }
    >
      <ErrorMessage error={load.error} />
      {file ? (
        <>
          <p>
            {file.count === 1 ? 'One provider' : `${file.count} providers`} in{' '}
            <span className="mono">{file.fileName}</span>. Whoever imports it enters the client
            secret again where one is needed (the file lists those under <code>toFill</code>).
          </p>
          <Field label="File contents">
            {(props) => (
              <textarea
                {...props}
                className="input mono share__preview"
                readOnly
                rows={12}
                value={file.content}
              />
            )}
          </Field>
        </>
      ) : null}
    </Dialog>
  );
}

const STATUS_WORDS: Record<ProviderImportItem['status'], string> = {
  new: 'Will be added',
  duplicate: 'Already here: skipped',
  renamed: 'Name taken: added as',
};

/**
 * Imports provider setups from a file: shows what would be added and what conflicts with the
 * providers already here, asks for the client secrets the file leaves out, then imports all
 * or nothing.
 */
export function ImportProvidersDialog({ onClose }: { onClose: () => void }) {
  const api = tokenManager();
  const toasts = useToasts();
  const [content, setContent] = useState<string | undefined>();
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<ProviderImportPreview | undefined>();
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const check = useAction((text: string) => api.providers.previewImport(text));
  const run = useAction(() =>
    api.providers.importSetups({ content: content ?? '', clientSecrets: secrets }),
  );

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setPreview(undefined);
    setContent(undefined);
    run.setError(undefined);
    if (!file) return;
    setFileName(file.name);
    if (file.size > MAX_FILE_BYTES) {
      check.setError(
        localError(
          `The file is too large (${Math.ceil(file.size / 1024)} KB) to be a provider export. Nothing was imported.`,
        ),
      );
      return;
    }
    const text = await file.text();
    const result = await check.run(text);
    if (result.ok) {
      setContent(text);
      setPreview(result.value);
    }
  };

  const adding = preview?.items.filter((i) => i.status !== 'duplicate') ?? [];
  const submit = async () => {
    const result = await run.run();
    if (!result.ok) return;
    const { added, skipped } = result.value;
    toasts.push({
      tone: 'success',
      title: `${added.length} ${added.length === 1 ? 'provider' : 'providers'} imported`,
      detail: skipped.length ? `${skipped.length} already here, skipped` : fileName,
    });
    onClose();
  };

  return (
    <Dialog
      title="Import provider setups"
      subtitle="From a file exported by Token Desk. Nothing changes until you import."
      onClose={onClose}
      size="lg"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            pending={run.pending}
            unavailableReason={
              adding.length === 0 ? 'Choose a file with providers to add first.' : undefined
            }
            onClick={() => void submit()}
          >
            {adding.length === 0
              ? 'Import'
              : `Import ${adding.length} ${adding.length === 1 ? 'provider' : 'providers'}`}
          </Button>
        </>
      }
    >
      <Field label="Provider export file" hint="A .json file saved with “Export provider setups”.">
        {(props) => (
          <input
            {...props}
            type="file"
            accept=".json,application/json"
            onChange={(e) => void choose(e)}
            data-autofocus
          />
        )}
      </Field>
      <ErrorMessage error={check.error} />
      {preview ? (
        <>
          <table className="share__table">
            <caption className="visually-hidden">What importing {fileName} does</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Points at</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map((item) => (
                <tr key={item.index} className={`share__row share__row--${item.status}`}>
                  <th scope="row">{item.name}</th>
                  <td className="mono">{item.location}</td>
                  <td>
                    {STATUS_WORDS[item.status]}
                    {item.status === 'renamed' ? <strong> {item.importName}</strong> : null}
                    {item.conflictWith && item.status === 'duplicate' ? (
                      <span className="muted"> (same as {item.conflictWith})</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {adding
            .filter((item) => item.toFill.includes('clientSecret'))
            .map((item) => (
              <Field
                key={item.index}
                label={`Client secret for ${item.importName}`}
                hint="Not in the file: enter the secret registered at the provider."
              >
                {(props) => (
                  <input
                    {...props}
                    type="password"
                    autoComplete="off"
                    value={secrets[String(item.index)] ?? ''}
                    onChange={(e) =>
                      setSecrets((s) => ({ ...s, [String(item.index)]: e.target.value }))
                    }
                  />
                )}
              </Field>
            ))}
          {adding.length === 0 ? (
            <Notice tone="info" compact>
              Every provider in this file is already here. Nothing to import.
            </Notice>
          ) : null}
        </>
      ) : null}
      <ErrorMessage error={run.error} />
    </Dialog>
  );
}
