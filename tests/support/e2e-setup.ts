import { ChromiumNotFoundError, findChromium } from '../../scripts/browser/find-chromium.ts';

export default function setup(): void {
  try {
    findChromium();
  } catch (err) {
    if (!(err instanceof ChromiumNotFoundError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
