import { nativeImage, type NativeImage } from 'electron';
import { iconPng } from './icon-bitmap.ts';

/** The window icon (Windows and Linux; macOS uses the bundle's icon). */
export function createAppIcon(): NativeImage {
  return nativeImage.createFromBuffer(iconPng(256, 'badge'));
}

/**
 * The tray icon at 1x and 2x: a template image on macOS, so the menu bar tints it for light
 * and dark mode; the blue badge elsewhere, which reads on light and dark panels alike.
 */
export function createTrayIcon(platform: NodeJS.Platform = process.platform): NativeImage {
  const style = platform === 'darwin' ? 'template' : 'badge';
  // Linux panels draw status icons at about 22 px; macOS and Windows at 16 px.
  const size = platform === 'linux' ? 22 : 16;
  const image = nativeImage.createFromBuffer(iconPng(size, style), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: iconPng(size * 2, style) });
  if (style === 'template') image.setTemplateImage(true);
  return image;
}
