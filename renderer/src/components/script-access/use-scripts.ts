import type { AccessLogEntry, AgentStatus, ConsentRequest } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useLiveValue, type LiveValue } from '../../hooks/use-live-value.ts';

/** Whether the scripts' socket runs, and where. */
export function useAgentStatus(): LiveValue<AgentStatus> {
  const api = tokenManager();
  return useLiveValue(
    () => api.scripts.status(),
    (listener) => api.scripts.onStatusChanged(listener),
  );
}

/** Scripts waiting for the user's answer. */
export function usePendingScripts(): LiveValue<ConsentRequest[]> {
  const api = tokenManager();
  return useLiveValue(
    () => api.scripts.pending(),
    (listener) => api.scripts.onPendingChanged(listener),
  );
}

export function useAccessLog(): LiveValue<AccessLogEntry[]> {
  const api = tokenManager();
  return useLiveValue(
    () => api.scripts.log(),
    (listener) => api.scripts.onLogChanged(listener),
  );
}

/** "deploy.sh", or the program's file name, or "A script". */
export function requesterName(entry: {
  applicationHint: string | null;
  process: { executable: string | null } | null;
}): string {
  return entry.applicationHint ?? entry.process?.executable?.split('/').pop() ?? 'A script';
}
