import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClipboardGuard } from '../../main/core/clipboard-guard.ts';
import { MemoryClipboard } from '../support/core-harness.ts';

const START = Date.UTC(2025, 0, 15, 9, 0, 0);

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ClipboardGuard', () => {
  it('copies the secret and clears it after the configured seconds', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard, () => 30);
    expect(await guard.copySecret('at-secret')).toEqual({ clearsAt: START + 30_000 });
    expect(clipboard.text).toBe('at-secret');

    await vi.advanceTimersByTimeAsync(29_999);
    expect(clipboard.text).toBe('at-secret');
    await vi.advanceTimersByTimeAsync(1);
    expect(clipboard.text).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard, () => 10);
    await guard.copySecret('at-secret');
    clipboard.writeText('my shopping list');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clipboard.text).toBe('my shopping list');
  });

  it('keeps the secret when clearing is off (0 seconds)', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard, () => 0);
    expect(await guard.copySecret('at-secret')).toEqual({ clearsAt: null });
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(clipboard.text).toBe('at-secret');
  });

  it('reads the setting at each copy', async () => {
    const clipboard = new MemoryClipboard();
    let seconds = 5;
    const guard = new ClipboardGuard(clipboard, () => seconds);
    expect((await guard.copySecret('one')).clearsAt).toBe(START + 5_000);
    seconds = 0;
    expect((await guard.copySecret('two')).clearsAt).toBeNull();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(clipboard.text).toBe('two');
  });

  it('a second copy replaces the first timer: the newer secret gets its full time', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard, () => 10);
    await guard.copySecret('access-token');
    await vi.advanceTimersByTimeAsync(6_000);
    await guard.copySecret('id-token');
    await vi.advanceTimersByTimeAsync(6_000);
    expect(clipboard.text).toBe('id-token');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(clipboard.text).toBe('');
  });

  it('copying the same secret again restarts its countdown', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard, () => 10);
    await guard.copySecret('access-token');
    await vi.advanceTimersByTimeAsync(6_000);
    expect((await guard.copySecret('access-token')).clearsAt).toBe(START + 16_000);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(clipboard.text).toBe('access-token');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(clipboard.text).toBe('');
  });

  it('works with a clipboard whose reads and writes are asynchronous (Electron 45)', async () => {
    const store = new MemoryClipboard();
    const guard = new ClipboardGuard(
      {
        readText: async () => store.readText(),
        writeText: async (text) => {
          await Promise.resolve();
          store.writeText(text);
        },
      },
      () => 1,
    );
    await guard.copySecret('at-secret');
    expect(store.text).toBe('at-secret');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.text).toBe('');
  });

  it('clears a copied token at once when the app quits', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard, () => 30);
    await guard.copySecret('at-secret');
    await guard.clearNow();
    expect(clipboard.text).toBe('');
  });

  it('leaves what the user copied since, also when the app quits', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard, () => 30);
    await guard.copySecret('at-secret');
    clipboard.writeText('something the user copied');
    await guard.clearNow();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clipboard.text).toBe('something the user copied');
  });

  it('keeps a token copied with clearing turned off', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard, () => 0);
    await guard.copySecret('at-secret');
    await guard.clearNow();
    expect(clipboard.text).toBe('at-secret');
  });
});
