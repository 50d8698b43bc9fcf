import { safeStorage } from 'electron';
import type { OsKeychain } from '../core/vault/key-protection.ts';

/**
 * Linux backends that are not a real keyring: `basic_text` encrypts with a password hard-coded
 * in Chromium, and `unknown` means none was selected. The vault must ask for a passphrase then.
 */
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

/**
 * The vault's {@link OsKeychain} over Electron's `safeStorage` async API (Keychain on macOS,
 * DPAPI on Windows, libsecret/KWallet on Linux). Call only after `app` is ready.
 */
export function createSafeStorageKeychain(): OsKeychain {
  const isAvailable = async (): Promise<boolean> => {
    // The async encryptor (and the Linux backend choice) is initialized by this first call.
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    if (process.platform !== 'linux') return true;
    return !WEAK_LINUX_BACKENDS.has(safeStorage.getSelectedStorageBackend());
  };

  return {
    isAvailable,
    async encrypt(plainText) {
      // Never wrap the data key with basic_text's well-known key, whatever the caller checked.
      if (!(await isAvailable())) throw new Error('The OS keychain is not available.');
      return safeStorage.encryptStringAsync(plainText);
    },
    async decrypt(encrypted) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
      return { plainText: result, shouldReEncrypt };
    },
  };
}
